"""The organisers' page of an event's online rooms: add, change and remove rooms (removing asks first), and set
how early the join link opens. Thin: each view calls one function of attendance.rooms."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from eventdesk import web
from eventdesk.attendance import joins, rooms
from eventdesk.auth import roles_required
from eventdesk.errors import Refused
from eventdesk.events import service as events
from eventdesk.models import Event, OnlineRoom, StaffRole
from eventdesk.rsvp import dates

bp = Blueprint("rooms", __name__, url_prefix="/events/<slug>/rooms")
web.add_event_link("rooms.room_list", _l("Online rooms"), StaffRole.ORGANISER)


class RoomForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)],
                       description=_l("As guests will read it on their invitation page, e.g. Zoom or 腾讯会议."))
    url = StringField(_l("Meeting link"), validators=[DataRequired(), Length(max=500)],
                      description=_l("The address that opens the meeting, starting with https://"))
    platform = SelectField(_l("Platform"), choices=[SelectChoice("", "—"), *(SelectChoice(value, label) for value, label
                                                                             in rooms.PLATFORMS.items())], default="")


class OpeningForm(FlaskForm):
    minutes = IntegerField(_l("The join link opens this many minutes before the start"),
                           validators=[InputRequired(), NumberRange(0, rooms.LONGEST_OPENING)])


class ConfirmForm(FlaskForm):
    """An empty form: its CSRF token is what the confirmation button posts."""


def _page(event: Event, form: RoomForm, opening: OpeningForm | None = None, status: int = 200) -> Any:
    return render_template("attendance/rooms.html", event=event, rooms=joins.rooms(event), form=form,
                           opening=opening or OpeningForm(data={"minutes": event.online_opens_minutes}),
                           platforms=rooms.PLATFORMS, opens=dates.instant(event, joins.opens_at(event))), status


def _refused(form: RoomForm, refusal: Refused) -> None:
    field = getattr(form, refusal.field or "", None) or form.name
    field.errors = [*field.errors, refusal.message]


@bp.route("", methods=["GET", "POST"])
@roles_required(StaffRole.ORGANISER)
def room_list(slug: str) -> Any:
    event = events.get(slug)
    form = RoomForm()
    if request.method == "GET":
        return _page(event, RoomForm(formdata=None))
    if form.validate_on_submit():
        try:
            room = rooms.add(event, name=form.name.data, url=form.url.data, platform=form.platform.data,
                             staff=current_user)
        except Refused as refusal:
            _refused(form, refusal)
        else:
            flash(_("Room %(name)s added.", name=room.name), "success")
            return redirect(url_for(".room_list", slug=slug), 303)
    return _page(event, form, status=400)


@bp.post("/opening")
@roles_required(StaffRole.ORGANISER)
def opening(slug: str) -> Any:
    event = events.get(slug)
    form = OpeningForm()
    if not form.validate_on_submit():
        return _page(event, RoomForm(formdata=None), form, status=400)
    rooms.set_opening(event, form.minutes.data, staff=current_user)
    flash(_("The join link now opens %(minutes)s minutes before the start.", minutes=form.minutes.data), "success")
    return redirect(url_for(".room_list", slug=slug), 303)


@bp.route("/<int:room_id>", methods=["GET", "POST"])
@roles_required(StaffRole.ORGANISER)
def edit(slug: str, room_id: int) -> Any:
    event = events.get(slug)
    room = rooms.get(event, room_id)
    form = RoomForm(data=_data(room)) if request.method == "GET" else RoomForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                rooms.change(event, room, name=form.name.data, url=form.url.data, platform=form.platform.data,
                             staff=current_user)
            except Refused as refusal:
                _refused(form, refusal)
            else:
                flash(_("Saved."), "success")
                return redirect(url_for(".room_list", slug=slug), 303)
        status = 400
    return render_template("attendance/room.html", event=event, room=room, form=form, use=rooms.use(room)), status


@bp.route("/<int:room_id>/remove", methods=["GET", "POST"])
@roles_required(StaffRole.ORGANISER)
def remove(slug: str, room_id: int) -> Any:
    """A confirmation page first; the posted confirmation removes the room."""
    event = events.get(slug)
    room = rooms.get(event, room_id)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        name = room.name
        try:
            rooms.remove(event, room, staff=current_user)
        except Refused as refusal:
            flash(refusal.message, "error")
            return redirect(url_for(".edit", slug=slug, room_id=room_id), 303)
        flash(_("Room %(name)s removed.", name=name), "success")
        return redirect(url_for(".room_list", slug=slug), 303)
    return render_template("attendance/room_remove.html", event=event, room=room, form=form, use=rooms.use(room)), \
        400 if request.method == "POST" else 200


def _data(room: OnlineRoom) -> dict[str, Any]:
    return {"name": room.name, "url": room.url, "platform": room.platform or ""}
