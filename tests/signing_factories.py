"""Agreements with parties and signatories, and the admissions and online answers the signing rules look at."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from eventdesk.extensions import db
from eventdesk.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    CheckIn,
    Delegate,
    Door,
    Event,
    Invitation,
    OrganisationKind,
    ScanResult,
    Signatory,
    utcnow,
)
from eventdesk.models.agreement import minor_units
from tests.factories import make_delegate, make_invitation, make_organisation


def sichuan() -> Any:
    return make_organisation("四川省商务厅", name_latin="Sichuan Department of Commerce",
                             kind=OrganisationKind.GOVERNMENT, country="CN")


def jetro() -> Any:
    return make_organisation("日本貿易振興機構", name_latin="Japan External Trade Organization",
                             kind=OrganisationKind.TRADE_BODY, country="JP")


def make_agreement(event: Event, ref: str = "CJ-01", *, title: str = "EV battery plant",
                   amount: str | None = "1250000000.00", currency: str = "CNY",
                   kind: AgreementKind = AgreementKind.INVESTMENT, position: int | None = None,
                   parties: list[tuple[Any, str]] | None = None, signatories: list[tuple[Delegate, bool]] = (),
                   titles: dict[str, str] | None = None) -> Agreement:
    parties = parties or [(sichuan(), "CN"), (jetro(), "JP")]
    agreement = Agreement(event=event, ref=ref, title=title, titles=titles or {}, kind=kind, currency=currency,
                          amount_minor=minor_units(Decimal(amount) if amount is not None else None, currency),
                          position=position or len(event.agreements) + 1, status=AgreementStatus.PLANNED)
    for order, (organisation, side) in enumerate(parties):
        party = AgreementParty(organisation=organisation, side=side, position=order)
        party.signatories = [Signatory(delegate=d, remote=remote) for d, remote in signatories
                             if d.organisation_id == organisation.id]
        agreement.parties.append(party)
    db.session.add(agreement)
    db.session.commit()
    return agreement


def guest(event: Event, name: str, latin: str, organisation: Any, *, status: str = "accepted",
          mode: str | None = "in_person", email: str | None = None, language: str = "zh") -> Invitation:
    delegate = make_delegate(name, latin, language=language, organisation=organisation, role="signatory", email=email)
    return make_invitation(event, delegate, status=status, mode=mode)


def admit(invitation: Invitation, door: str = "North") -> CheckIn:
    """An admission as the door service records it (the check-in row the signing rules look for)."""
    found = db.session.query(Door).filter_by(event_id=invitation.event_id, name=door).one_or_none()
    if found is None:
        found = Door(event_id=invitation.event_id, name=door)
        db.session.add(found)
        db.session.flush()
    checkin = CheckIn(event_id=invitation.event_id, invitation_id=invitation.id, door_id=found.id,
                      result=ScanResult.ADMITTED, manual=True, scanned_at=utcnow(), recorded_at=utcnow())
    db.session.add(checkin)
    db.session.commit()
    return checkin


def signing_pair(event: Event, ref: str = "CJ-01", *, remote: bool = False, **fields: Any) -> tuple[Agreement,
                                                                                                    Invitation,
                                                                                                    Invitation]:
    """An agreement between Sichuan and JETRO with one signatory each; the Japanese one by video if `remote`."""
    wang = guest(event, "王 伟", "Wei WANG", sichuan(), email=f"wang-{ref.lower()}@sichuan.example.cn")
    sato = guest(event, "佐藤 花子", "Hanako SATO", jetro(), email=f"sato-{ref.lower()}@jetro.example.jp",
                 mode="online" if remote else "in_person", language="ja")
    agreement = make_agreement(event, ref, signatories=[(wang.delegate, False), (sato.delegate, remote)], **fields)
    return agreement, wang, sato


def csrf(client: Any) -> str:
    """The session's CSRF token, from the sign-out form every staff page carries."""
    import re

    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True))[1]


def post(client: Any, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """A form post as the browser sends it, with the CSRF token."""
    return client.post(url, data={"csrf_token": csrf(client), **(data or {})}, **kwargs)
