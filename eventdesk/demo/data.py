"""The demo ceremony's fictional pools: organisations, names, positions and agreements.

Every organisation, company and person here is invented; any likeness to a real one is a coincidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventdesk.models import AgreementKind, OrganisationKind

GOV, TRADE, CORP, MEDIA = (OrganisationKind.GOVERNMENT, OrganisationKind.TRADE_BODY, OrganisationKind.CORPORATE,
                           OrganisationKind.MEDIA)


@dataclass(frozen=True)
class OrgSpec:
    key: str  # also the mail domain's first label
    name: str
    name_latin: str
    kind: OrganisationKind
    country: str
    size: int
    head: tuple[str, str] | None = None  # positions of the first two people, in the organisation's language
    foreign: int = 0  # people of the other nationality (locally hired staff, China desks)
    latin: int = 0  # English speakers with Latin names only
    staff: int = 0  # the host's protocol staff
    domain: str | None = None  # mail domain, when not <key>.example.cn / .example.jp

    @property
    def mail_domain(self) -> str:
        return self.domain or f"{self.key}.{DOMAIN_SUFFIX[self.country]}"


ORGANISATIONS: tuple[OrgSpec, ...] = (
    # Chinese government
    OrgSpec("prc-cg-sakuraura", "中华人民共和国驻樱浦总领事馆",
            "Consulate-General of the People's Republic of China in Sakuraura", GOV, "CN", 6, ("总领事", "副总领事"),
            foreign=1),
    OrgSpec("naeec", "国家对外经济合作署", "National Agency for External Economic Cooperation", GOV, "CN", 8,
            ("署长", "副署长")),
    OrgSpec("mroc", "区域开放合作部", "Ministry of Regional Opening and Cooperation", GOV, "CN", 7, ("副部长", "司长")),
    OrgSpec("sc-bec", "四川省对外合作促进局", "Sichuan Bureau for External Cooperation Promotion", GOV, "CN", 13),
    OrgSpec("sc-flo", "四川省外事联络办公室", "Sichuan Foreign Liaison Office", GOV, "CN", 7, ("主任", "副主任")),
    OrgSpec("cd-icpc", "成都市国际合作促进中心", "Chengdu International Cooperation Promotion Centre", GOV, "CN", 11,
            ("主任", "副主任"), staff=3),
    OrgSpec("rongnan-hitech", "蓉南高新技术产业园区管理委员会", "Rongnan Hi-tech Zone Administrative Committee", GOV,
            "CN", 30, ("管委会主任", "管委会副主任"), staff=9),
    OrgSpec("rongnan-district", "蓉南区人民政府", "Rongnan District People's Government", GOV, "CN", 11,
            ("区长", "副区长")),
    # Japanese government
    OrgSpec("jp-cg-chengdu", "在成都日本国総領事館", "Consulate-General of Japan in Chengdu", GOV, "JP", 9,
            ("総領事", "首席領事"), foreign=1, latin=3),
    OrgSpec("miec", "国際経済協力省", "Ministry of International Economic Cooperation", GOV, "JP", 7,
            ("副大臣", "審議官")),
    OrgSpec("ripa", "地域産業振興庁", "Regional Industry Promotion Agency", GOV, "JP", 6, ("長官", "次長")),
    OrgSpec("sakuraura-pref", "桜浦県", "Sakuraura Prefectural Government", GOV, "JP", 16, ("知事", "副知事")),
    OrgSpec("shirasuna-pref", "白砂県", "Shirasuna Prefectural Government", GOV, "JP", 11, ("知事", "副知事")),
    OrgSpec("minatogawa-city", "湊川市", "Minatogawa City Government", GOV, "JP", 7, ("市長", "副市長")),
    OrgSpec("hokuyo-city", "北陽市", "Hokuyo City Government", GOV, "JP", 7, ("市長", "副市長")),
    # Trade bodies
    OrgSpec("wccitp", "西部国际经贸促进会", "Western China Council for International Trade Promotion", TRADE, "CN", 9),
    OrgSpec("wcftdc", "西部对外贸易发展中心", "Western China Foreign Trade Development Centre", TRADE, "CN", 6,
            ("主任", "副主任")),
    OrgSpec("sc-cjeea", "四川省中日经济交流协会", "Sichuan China–Japan Economic Exchange Association", TRADE, "CN", 7),
    OrgSpec("rongcheng-gcc", "蓉城总商会", "Rongcheng General Chamber of Commerce", TRADE, "CN", 8),
    OrgSpec("wcef", "中国西部企业家联合会", "Western China Entrepreneurs' Federation", TRADE, "CN", 5),
    OrgSpec("jcreea", "日中地域経済交流協会", "Japan–China Regional Economic Exchange Association", TRADE, "JP", 8),
    OrgSpec("otpc", "海外貿易振興会", "Overseas Trade Promotion Council", TRADE, "JP", 8, ("理事長", "理事"),
            foreign=1),
    OrgSpec("sakuraura-cci", "桜浦商工会議所", "Sakuraura Chamber of Commerce and Industry", TRADE, "JP", 7,
            ("会頭", "副会頭")),
    OrgSpec("kaef", "関西アジア経済連合会", "Kansai Asia Economic Federation", TRADE, "JP", 6),
    OrgSpec("jfri", "日本地方産業連盟", "Japan Federation of Regional Industries", TRADE, "JP", 5),
    OrgSpec("jcscl", "日中友好都市連絡会", "Japan–China Sister Cities Liaison Council", TRADE, "JP", 4),
    # Chinese companies
    OrgSpec("rongcheng-bank", "蓉城银行", "Rongcheng Bank", CORP, "CN", 11, ("董事长", "行长")),
    OrgSpec("minjiang-bank", "岷江商业银行", "Minjiang Commercial Bank", CORP, "CN", 8, ("董事长", "行长")),
    OrgSpec("xiling-heavy", "西岭重型机械集团", "Xiling Heavy Machinery Group", CORP, "CN", 11),
    OrgSpec("shufeng-motors", "蜀风汽车", "Shufeng Motors", CORP, "CN", 11),
    OrgSpec("qingcheng-leasing", "青城融资租赁", "Qingcheng Financial Leasing", CORP, "CN", 7),
    OrgSpec("furong-electronics", "芙蓉电子科技", "Furong Electronics Technology", CORP, "CN", 10),
    OrgSpec("huanhua-logistics", "浣花国际物流", "Huanhua International Logistics", CORP, "CN", 8),
    OrgSpec("tianrong-energy", "天蓉新能源", "Tianrong New Energy", CORP, "CN", 10),
    OrgSpec("chuanxi-precision", "川西精密制造", "Chuanxi Precision Manufacturing", CORP, "CN", 7),
    OrgSpec("dujiang-smart", "都江智造", "Dujiang Smart Manufacturing", CORP, "CN", 7),
    OrgSpec("xishu-pharma", "西蜀医药科技", "Xishu Pharmaceutical Technology", CORP, "CN", 7),
    OrgSpec("yulei-semi", "玉垒半导体", "Yulei Semiconductor", CORP, "CN", 9),
    OrgSpec("longquan-digital", "龙泉数字产业", "Longquan Digital Industries", CORP, "CN", 6),
    OrgSpec("jinguan-tourism", "锦官城文旅集团", "Jinguancheng Culture and Tourism Group", CORP, "CN", 6),
    # Japanese companies
    OrgSpec("sakuraura-bank", "桜浦銀行", "Sakuraura Bank", CORP, "JP", 11, ("頭取", "専務取締役"), foreign=1),
    OrgSpec("shirasuna-trust", "白砂信託銀行", "Shirasuna Trust Bank", CORP, "JP", 8, ("取締役社長", "常務執行役員")),
    OrgSpec("minato-heavy", "湊重工業", "Minato Heavy Industries", CORP, "JP", 12, foreign=1),
    OrgSpec("hokuyo-motor", "北陽自動車", "Hokuyo Motor", CORP, "JP", 12, foreign=1),
    OrgSpec("aomine-leasing", "青嶺リース", "Aomine Leasing", CORP, "JP", 7),
    OrgSpec("asanagi-electronics", "朝凪エレクトロニクス", "Asanagi Electronics", CORP, "JP", 11, foreign=1),
    OrgSpec("shiomi-logistics", "潮見ロジスティクス", "Shiomi Logistics", CORP, "JP", 7),
    OrgSpec("hibari-precision", "雲雀精機", "Hibari Precision", CORP, "JP", 7),
    OrgSpec("shiun-chemical", "紫雲化学工業", "Shiun Chemical Industries", CORP, "JP", 7),
    OrgSpec("hayase-trading", "早瀬商事", "Hayase Trading", CORP, "JP", 9, foreign=1),
    OrgSpec("minazuki-software", "水無月ソフトウェア", "Minazuki Software", CORP, "JP", 6),
    OrgSpec("midorikawa-env", "翠川環境システム", "Midorikawa Environmental Systems", CORP, "JP", 7),
    OrgSpec("sakuraura-power", "桜浦電力", "Sakuraura Electric Power", CORP, "JP", 7),
    OrgSpec("hokuyo-medical", "北陽メディカル", "Hokuyo Medical", CORP, "JP", 6),
    # Media
    OrgSpec("rongcheng-daily", "蓉城日报", "Rongcheng Daily", MEDIA, "CN", 8),
    OrgSpec("wetv", "西部经济电视台", "Western Economic Television", MEDIA, "CN", 8),
    OrgSpec("jinjiang-finance", "锦江财经网", "Jinjiang Finance Online", MEDIA, "CN", 4),
    OrgSpec("sakuraura-shimbun", "桜浦新聞", "Sakuraura Shimbun", MEDIA, "JP", 6),
    OrgSpec("jcbw", "日中ビジネス通信", "Japan–China Business Wire", MEDIA, "JP", 6),
    OrgSpec("eabr", "East Asia Business Review", "East Asia Business Review", MEDIA, "JP", 4, latin=4,
            domain="eabr.example.org"),
)

DOMAIN_SUFFIX = {"CN": "example.cn", "JP": "example.jp"}

# Positions from the top down: the first two go to the head and the deputy unless the organisation names its own.
POSITIONS: dict[tuple[str, OrganisationKind], tuple[tuple[str, str], tuple[str, ...]]] = {
    ("zh", GOV): (("局长", "副局长"), ("处长", "副处长", "一级主任科员", "二级主任科员", "科长", "项目专员")),
    ("zh", TRADE): (("会长", "副会长"), ("秘书长", "副秘书长", "联络部部长", "项目经理", "专员")),
    ("zh", CORP): (("董事长", "总经理"), ("副总经理", "财务总监", "投资部总监", "海外业务部经理", "项目经理",
                                     "高级工程师", "法务经理")),
    ("zh", MEDIA): (("总编辑", "首席记者"), ("记者", "摄影记者", "编辑", "摄像记者")),
    ("ja", GOV): (("局長", "審議官"), ("課長", "課長補佐", "係長", "主査", "参事", "企画官")),
    ("ja", TRADE): (("会長", "理事長"), ("専務理事", "事務局長", "部長", "調査役", "主任")),
    ("ja", CORP): (("代表取締役社長", "専務執行役員"), ("常務執行役員", "執行役員", "部長", "担当部長", "課長",
                                                 "主任", "技術顧問")),
    ("ja", MEDIA): (("編集局長", "支局長"), ("記者", "カメラマン", "編集委員")),
    ("en", GOV): (("Consul", "Economic Adviser"), ("Economic Adviser", "Political Officer", "Protocol Officer")),
    ("en", MEDIA): (("Bureau Chief", "Senior Correspondent"), ("Correspondent", "Photographer")),
}
# People of the other nationality work on the China (or Japan) desk.
FOREIGN_POSITIONS = {"zh": ("中国业务部经理", "行政助理", "中国事务专员"), "ja": ("日本事務担当", "行政助理")}
INTERPRETER_POSITION = {"zh": "日语翻译", "ja": "中国語通訳"}
STAFF_POSITION = "会务组工作人员"

# Chinese names: (Han, pinyin).
ZH_FAMILY = (
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"), ("黄", "Huang"),
    ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"),
    ("胡", "Hu"), ("郭", "Guo"), ("何", "He"), ("林", "Lin"), ("罗", "Luo"), ("高", "Gao"), ("郑", "Zheng"),
    ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"), ("唐", "Tang"), ("邓", "Deng"), ("冯", "Feng"), ("韩", "Han"),
    ("曹", "Cao"), ("彭", "Peng"), ("曾", "Zeng"), ("肖", "Xiao"), ("田", "Tian"), ("董", "Dong"), ("袁", "Yuan"),
    ("潘", "Pan"), ("蒋", "Jiang"), ("蔡", "Cai"), ("余", "Yu"), ("杜", "Du"), ("叶", "Ye"), ("程", "Cheng"),
    ("魏", "Wei"), ("苏", "Su"), ("吕", "Lyu"), ("丁", "Ding"), ("任", "Ren"), ("沈", "Shen"), ("姚", "Yao"),
    ("钟", "Zhong"), ("崔", "Cui"), ("谭", "Tan"), ("廖", "Liao"), ("范", "Fan"), ("石", "Shi"), ("欧阳", "Ouyang"),
    ("司马", "Sima"), ("诸葛", "Zhuge"),
)
ZH_GIVEN_M = (
    ("晓明", "Xiaoming"), ("建国", "Jianguo"), ("志强", "Zhiqiang"), ("伟", "Wei"), ("磊", "Lei"), ("浩然", "Haoran"),
    ("俊杰", "Junjie"), ("文博", "Wenbo"), ("海涛", "Haitao"), ("宇航", "Yuhang"), ("子轩", "Zixuan"),
    ("国华", "Guohua"), ("立新", "Lixin"), ("振宇", "Zhenyu"), ("鹏飞", "Pengfei"), ("永刚", "Yonggang"),
    ("明辉", "Minghui"), ("晨阳", "Chenyang"), ("凯", "Kai"), ("斌", "Bin"), ("志远", "Zhiyuan"), ("德明", "Deming"),
    ("卫东", "Weidong"), ("云峰", "Yunfeng"), ("宏伟", "Hongwei"), ("嘉诚", "Jiacheng"),
)
ZH_GIVEN_F = (
    ("丽", "Li"), ("芳", "Fang"), ("静", "Jing"), ("晓燕", "Xiaoyan"), ("秀英", "Xiuying"), ("婷婷", "Tingting"),
    ("雪梅", "Xuemei"), ("欣怡", "Xinyi"), ("佳琪", "Jiaqi"), ("思雨", "Siyu"), ("梦洁", "Mengjie"), ("雅婷", "Yating"),
    ("丹", "Dan"), ("颖", "Ying"), ("慧敏", "Huimin"), ("春华", "Chunhua"), ("玉兰", "Yulan"), ("晓雯", "Xiaowen"),
    ("诗涵", "Shihan"), ("若曦", "Ruoxi"), ("倩", "Qian"), ("文静", "Wenjing"), ("海燕", "Haiyan"), ("美玲", "Meiling"),
)

# Japanese names: (kanji or kana, Hepburn as passports write it). Variant kanji (髙, 﨑, 邉, 齋) on purpose.
JA_FAMILY = (
    ("佐藤", "Sato"), ("鈴木", "Suzuki"), ("高橋", "Takahashi"), ("田中", "Tanaka"), ("伊藤", "Ito"),
    ("渡辺", "Watanabe"), ("山本", "Yamamoto"), ("中村", "Nakamura"), ("小林", "Kobayashi"), ("加藤", "Kato"),
    ("吉田", "Yoshida"), ("山田", "Yamada"), ("佐々木", "Sasaki"), ("山口", "Yamaguchi"), ("松本", "Matsumoto"),
    ("井上", "Inoue"), ("木村", "Kimura"), ("林", "Hayashi"), ("清水", "Shimizu"), ("森", "Mori"), ("池田", "Ikeda"),
    ("橋本", "Hashimoto"), ("阿部", "Abe"), ("石川", "Ishikawa"), ("山下", "Yamashita"), ("中島", "Nakajima"),
    ("小川", "Ogawa"), ("前田", "Maeda"), ("岡田", "Okada"), ("長谷川", "Hasegawa"), ("藤田", "Fujita"),
    ("後藤", "Goto"), ("近藤", "Kondo"), ("村上", "Murakami"), ("遠藤", "Endo"), ("青木", "Aoki"),
    ("坂本", "Sakamoto"), ("髙橋", "Takahashi"), ("山﨑", "Yamazaki"), ("渡邉", "Watanabe"), ("齋藤", "Saito"),
)
JA_GIVEN_M = (
    ("太郎", "Taro"), ("健太", "Kenta"), ("大輔", "Daisuke"), ("翔太", "Shota"), ("誠", "Makoto"), ("浩", "Hiroshi"),
    ("隆", "Takashi"), ("直樹", "Naoki"), ("拓也", "Takuya"), ("和也", "Kazuya"), ("健一", "Kenichi"),
    ("修", "Osamu"), ("亮", "Ryo"), ("悠人", "Yuto"), ("智之", "Tomoyuki"), ("秀樹", "Hideki"), ("康弘", "Yasuhiro"),
    ("哲也", "Tetsuya"), ("雄一", "Yuichi"), ("博之", "Hiroyuki"), ("正人", "Masato"), ("俊介", "Shunsuke"),
)
JA_GIVEN_F = (
    ("花子", "Hanako"), ("陽子", "Yoko"), ("恵子", "Keiko"), ("美穂", "Miho"), ("由美", "Yumi"), ("直美", "Naomi"),
    ("裕子", "Yuko"), ("真由美", "Mayumi"), ("麻衣", "Mai"), ("彩", "Aya"), ("千尋", "Chihiro"), ("美咲", "Misaki"),
    ("愛", "Ai"), ("明日香", "Asuka"), ("理恵", "Rie"), ("智子", "Tomoko"), ("京子", "Kyoko"), ("玲奈", "Rena"),
)
# Given names written in kana, as some parents choose.
JA_KANA_GIVEN_M = (("まこと", "Makoto"), ("ひろし", "Hiroshi"), ("ケン", "Ken"), ("ジュン", "Jun"))
JA_KANA_GIVEN_F = (("さくら", "Sakura"), ("ひかり", "Hikari"), ("あおい", "Aoi"), ("みどり", "Midori"),
                   ("かおり", "Kaori"), ("はるか", "Haruka"), ("エミ", "Emi"), ("ナオミ", "Naomi"))
# Whole names in kana: Japanese citizens of foreign descent, or people registered in kana. (name, latin, female)
JA_KANA_FULL = (
    (("サントス", "Santos"), ("マリア", "Maria"), True), (("ミラー", "Miller"), ("ケン", "Ken"), False),
    (("きくち", "Kikuchi"), ("あおい", "Aoi"), True), (("ロペス", "Lopez"), ("ユウキ", "Yuki"), False),
    (("オルテガ", "Ortega"), ("エリカ", "Erika"), True),
)
# English speakers with Latin names only: (family, given, female, doctor).
LATIN = (
    ("Carter", "Emily", True, False), ("O'Neill", "James", False, False), ("Weber", "Daniel", False, True),
    ("Martin", "Sophie", True, False), ("Grant", "Olivia", True, True), ("Becker", "Thomas", False, False),
    ("López", "Ana María", True, False), ("Novák", "Lukas", False, False), ("Kim", "David", False, False),
    ("Rossi", "Laura", True, False),
)

DIETARY = ("halal", "vegetarian", "no shellfish", "no pork", "vegan", "gluten-free", "nut allergy")
DECLINE_NOTES = ("Schedule conflict: a delegation abroad that week.", "Another commitment on that day.",
                 "Our deputy will attend instead.", "")


@dataclass(frozen=True)
class AgreementSpec:
    kind: AgreementKind
    parties: tuple[str, ...]  # organisation keys, the Chinese party first
    amount: str  # CNY, major units
    zh: str
    ja: str
    en: str


INV, COOP, MOU = AgreementKind.INVESTMENT, AgreementKind.COOPERATION, AgreementKind.MEMORANDUM

# In running order; the amounts add up to CNY 21,750,000,000.00, the seed event's total.
AGREEMENTS: tuple[AgreementSpec, ...] = (
    AgreementSpec(INV, ("rongnan-hitech", "hokuyo-motor"), "3200000000.00",
                  "新能源汽车零部件生产基地", "新エネルギー車部品生産拠点", "new-energy vehicle components plant"),
    AgreementSpec(INV, ("rongcheng-bank", "sakuraura-bank", "rongnan-hitech"), "1920000000.00",
                  "高新区中日产业发展基金", "ハイテク区日中産業発展ファンド", "Hi-tech Zone China–Japan industry fund"),
    AgreementSpec(INV, ("shufeng-motors", "hokuyo-motor"), "2150000000.00",
                  "电动汽车电驱系统合资项目", "電動車駆動システム合弁事業", "electric drive systems joint venture"),
    AgreementSpec(INV, ("xiling-heavy", "minato-heavy"), "1800000000.00",
                  "大型盾构机联合制造", "大型シールドマシン共同製造", "joint manufacture of tunnel-boring machines"),
    AgreementSpec(INV, ("rongnan-hitech", "asanagi-electronics"), "1500000000.00",
                  "功率半导体模块研发中心", "パワー半導体モジュール研究開発センター",
                  "power semiconductor module R&D centre"),
    AgreementSpec(INV, ("yulei-semi", "asanagi-electronics"), "1286500000.00",
                  "车规级芯片封装测试", "車載グレード半導体の後工程", "automotive-grade chip packaging and testing"),
    AgreementSpec(COOP, ("rongcheng-bank", "sakuraura-bank"), "1200000000.00",
                  "跨境贸易融资", "越境貿易金融", "cross-border trade finance"),
    AgreementSpec(COOP, ("qingcheng-leasing", "aomine-leasing"), "1050000000.00",
                  "工程机械融资租赁", "建設機械ファイナンス・リース", "finance leasing of construction machinery"),
    AgreementSpec(INV, ("tianrong-energy", "sakuraura-power"), "980000000.00",
                  "分布式光伏与储能", "分散型太陽光発電・蓄電", "distributed solar power and storage"),
    AgreementSpec(INV, ("huanhua-logistics", "shiomi-logistics"), "860000000.00",
                  "中日冷链物流枢纽", "日中コールドチェーン物流拠点", "China–Japan cold-chain logistics hub"),
    AgreementSpec(INV, ("xishu-pharma", "hokuyo-medical"), "750000000.00",
                  "高端医疗器械生产线", "高度医療機器生産ライン", "advanced medical devices production line"),
    AgreementSpec(INV, ("chuanxi-precision", "hibari-precision"), "680000000.00",
                  "精密轴承合资工厂", "精密軸受合弁工場", "precision bearings joint factory"),
    AgreementSpec(COOP, ("dujiang-smart", "minazuki-software"), "613500000.00",
                  "智能工厂数字化改造", "スマート工場のデジタル化", "digital upgrade of smart factories"),
    AgreementSpec(INV, ("rongnan-district", "shiun-chemical"), "560000000.00",
                  "电子化学品项目", "電子材料用化学品プロジェクト", "electronic-grade chemicals project"),
    AgreementSpec(COOP, ("minjiang-bank", "shirasuna-trust"), "500000000.00",
                  "中小企业跨境投资基金", "中小企業越境投資ファンド", "cross-border SME investment fund"),
    AgreementSpec(COOP, ("furong-electronics", "hayase-trading"), "450000000.00",
                  "消费电子零部件贸易", "家電部品の貿易", "consumer electronics components trade"),
    AgreementSpec(COOP, ("tianrong-energy", "midorikawa-env"), "380000000.00",
                  "城市固废资源化利用", "都市廃棄物の資源化", "recovery of urban solid waste"),
    AgreementSpec(COOP, ("longquan-digital", "minazuki-software"), "350000000.00",
                  "工业软件联合开发", "産業用ソフトウェア共同開発", "joint development of industrial software"),
    AgreementSpec(COOP, ("jinguan-tourism", "hayase-trading"), "300000000.00",
                  "文旅消费品进口与分销", "文化観光消費財の輸入販売", "import and distribution of tourism goods"),
    AgreementSpec(COOP, ("sc-bec", "sakuraura-pref", "sakuraura-cci"), "260000000.00",
                  "地方产业合作园区", "地域産業協力パーク", "regional industrial cooperation park"),
    AgreementSpec(COOP, ("cd-icpc", "otpc"), "220000000.00",
                  "中小企业对接服务平台", "中小企業マッチング支援プラットフォーム", "SME matchmaking platform"),
    AgreementSpec(MOU, ("rongcheng-gcc", "sakuraura-cci"), "180000000.00",
                  "商会互设代表处", "商工会議所代表事務所の相互設置", "mutual representative offices of the chambers"),
    AgreementSpec(MOU, ("sc-cjeea", "jcreea"), "150000000.00",
                  "地方经贸交流机制", "地域経済交流メカニズム", "regional economic exchange mechanism"),
    AgreementSpec(MOU, ("rongnan-hitech", "shirasuna-pref"), "120000000.00",
                  "氢能产业", "水素産業", "hydrogen industry cooperation"),
    AgreementSpec(COOP, ("wcftdc", "kaef"), "100000000.00",
                  "跨境电商", "越境EC", "cross-border e-commerce"),
    AgreementSpec(MOU, ("cd-icpc", "minatogawa-city"), "80000000.00",
                  "友好城市经贸往来", "友好都市の経済交流", "sister-city economic cooperation"),
    AgreementSpec(MOU, ("rongnan-district", "hokuyo-city"), "60000000.00",
                  "人才交流与职业培训", "人材交流と職業訓練", "talent exchange and vocational training"),
    AgreementSpec(MOU, ("wcef", "jfri"), "50000000.00",
                  "中小制造企业", "中小製造業", "small manufacturers"),
)

AGREEMENT_TITLE = {
    INV: ("{}投资协议", "{}に関する投資協定書", "Investment agreement: {}"),
    COOP: ("{}合作协议", "{}に関する協力協定書", "Cooperation agreement: {}"),
    MOU: ("{}合作备忘录", "{}に関する協力覚書", "Memorandum of understanding: {}"),
}
AGREEMENT_SUMMARY = {
    INV: "{jp} invests with {cn} in the {project}; total investment CNY {amount} million.",
    COOP: "{cn} and {jp} cooperate on {project}, with a planned volume of CNY {amount} million.",
    MOU: "{cn} and {jp} record their intent to work together on {project} (indicative value CNY {amount} million).",
}

# (kind, start, end, zh, ja, en, location, streamed); local times on the day of the ceremony.
PROGRAMME = (
    ("arrival", "09:30", "10:00", "签到入场", "受付・入場", "Arrival and registration", "Foyer", False),
    ("opening", "10:00", "10:45", "开幕式及致辞", "開会式・挨拶", "Opening and speeches", "Main Hall", True),
    ("signing", "10:45", "12:15", "合作项目集中签约", "協力プロジェクト調印式", "Signing of 28 agreements", "Main Hall",
     True),
    ("press", "12:15", "12:45", "媒体见面会", "記者会見", "Press conference", "Press Room", True),
    ("presentation", "14:00", "16:00", "地方合作推介", "地域協力プレゼンテーション",
     "Regional cooperation presentations", "Main Hall", True),
    ("reception", "16:30", "17:30", "交流酒会", "交流レセプション", "Networking reception", "Garden Terrace", False),
)
