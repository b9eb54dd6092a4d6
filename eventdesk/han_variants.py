"""Forms of one Han character that people write for the same name: traditional (張), simplified (张) and the
Japanese form (広 beside 廣 and 广), and the variant kanji of Japanese surnames (髙, 﨑). The search folds each to
one form, the simplified one where there is one, so "張" finds 张 and "広" finds 廣 and 广.

A single-character table for names (surnames, common given-name characters and the Japanese forms of them),
not a converter for running text: a search that finds a little more is harmless, one that finds nothing is not.
"""

from __future__ import annotations

# Pairs of (variant, folded form), read two characters at a time.
_PAIRS = (
    # Japanese variant kanji of surnames to the common Japanese form
    "髙高﨑崎嵜崎邉边邊边辺边齋斋斎斋齊齐斉齐濵滨濱滨浜滨德德徳德瀨濑瀬濑𠮷吉國国澤泽沢泽櫻樱桜樱廣广広广龍龙竜龙"
    # Common Chinese surnames, traditional to simplified
    "張张陳陈劉刘黃黄趙赵吳吴楊杨鄭郑孫孙馬马許许鄧邓馮冯韓韩謝谢蕭萧葉叶羅罗盧卢蔣蒋蘇苏賈贾譚谭萬万錢钱"
    "湯汤嚴严顧顾華华鍾钟鐘钟陸陆閻阎鄒邹歐欧陽阳範范龔龚聶聂關关莊庄項项齊齐喬乔賴赖鄺邝溫温饒饶駱骆鮑鲍"
    "藍蓝閆闫費费鳳凤紀纪衛卫鄔邬區区嶽岳薑姜詹詹滕滕戴戴龐庞郟郏鄴邺寧宁傅傅熊熊樂乐賀贺黎黎單单倫伦"
    "雙双蘆芦鄂鄂淩凌凃涂塗涂騰腾藺蔺闞阚譙谯諸诸葛葛東东門门員员貝贝遲迟穀谷"
    # Common characters of given names and of organisations' names
    "偉伟強强軍军紅红麗丽艷艳豔艳興兴傑杰濤涛鵬鹏輝辉飛飞剛刚勝胜靜静穎颖潔洁瑩莹嬌娇蘭兰雲云曉晓開开"
    "義义榮荣貴贵寶宝廈厦書书長长達达順顺銘铭誠诚進进賢贤韋韦綺绮鈞钧鐵铁錦锦璽玺讓让豐丰晉晋瑋玮愛爱"
    "聰聪瑤瑶鴻鸿鶴鹤鳴鸣綠绿藝艺儀仪憶忆億亿響响龍龙鑫鑫亞亚倫伦傳传僑侨儉俭兒儿內内兩两凱凯創创勁劲"
    "勵励勞劳勳勋匯汇協协厲厉參参雙双發发變变嘯啸園园圓圆圖图團团堅坚報报場场塊块壯壮壽寿夢梦奪夺奮奋"
    "婦妇嫻娴學学實实寬宽將将專专對对導导層层島岛嶺岭巖岩幹干廠厂廣广張张彈弹彥彦徑径從从復复徵征德德"
    "恆恒悅悦惠惠慶庆憲宪懷怀戰战擁拥擇择攝摄敘叙敵敌數数斕斓於于時时晝昼暉晖暢畅曄晔會会東东柵栅桿杆"
    "梟枭棟栋極极樓楼標标樹树橋桥機机權权歡欢歲岁歷历氣气沖冲況况洶汹淚泪淨净淺浅湧涌準准溝沟滅灭滿满"
    "漢汉潛潜澤泽濟济濱滨灣湾災灾為为無无煥焕燁烨燦灿爐炉犧牺狀状獎奖環环現现璋璋瓊琼産产畢毕異异當当"
    "療疗發发盡尽監监盤盘眾众礎础祿禄禎祯禮礼秀秀稱称穩稳競竞筆笔箏筝範范簡简糧粮紀纪約约紋纹純纯紗纱"
    "紘纮細细紹绍終终組组結结絲丝經经綜综維维網网綱纲緒绪線线締缔練练緯纬縣县總总績绩繁繁織织繪绘繼继"
    "續续罰罚聖圣聯联聲声職职肅肃脈脉臺台與与舉举舊旧艦舰芻刍茲兹莖茎華华萬万葉叶蒼苍蓮莲蔡蔡蕙蕙薩萨"
    "藥药蘇苏處处虛虚號号蟲虫衆众補补裝装製制複复規规視视親亲覺觉觀观訂订計计記记許许設设詩诗話话誌志"
    "語语說说課课調调論论諭谕謙谦證证識识議议護护譽誉讀读豐丰貞贞財财貿贸資资賓宾質质購购贊赞趙赵躍跃"
    "車车軒轩軟软輕轻載载輪轮轉转辦办農农連连運运過过道道遠远適适遷迁選选遺遗還还邁迈鄉乡醫医釗钊針针"
    "鈴铃銀银銳锐鋒锋鋼钢錄录錫锡鍵键鎮镇鏡镜鐸铎長长閃闪開开閏闰閔闵閣阁闊阔闡阐陳陈陰阴陽阳隊队階阶"
    "際际隨随險险隱隐雅雅雞鸡離离難难電电霧雾靈灵韻韵頂顶項项順顺頌颂預预領领頤颐頻频題题顏颜顯显風风"
    "飄飘飯饭館馆馨馨駿骏騏骐驍骁驊骅體体鬥斗魚鱼魯鲁鮮鲜鳥鸟鴨鸭鵑鹃鶯莺鷹鹰麥麦黨党齡龄龜龟"
    # Japanese forms (shinjitai) that differ from the simplified ones
    "関关鉄铁伝传県县売卖読读団团円圆図图発发実实気气戦战剣剑験验駅驿単单弾弹営营覚觉挙举岡冈島岛橋桥"
    "鈴铃東东条条栄荣恵惠倶俱総总緑绿歳岁様样沢泽滝泷満满児儿亜亚悪恶圧压囲围医医壱壹穏稳仮假価价楽乐"
    "帰归旧旧拠据峡峡暁晓勲勋径径継继鶏鸡険险権权顕显庫库広广鉱矿雑杂参参惨惨賛赞残残糸丝歯齿辞辞湿湿"
    "写写釈释寿寿収收従从渋涩獣兽縦纵粛肃処处渉涉焼烧奨奖将将証证乗乘剰剩畳叠縄绳壌壤嬢娘譲让醸酿触触"
    "嘱嘱尽尽粋粹酔醉穂穗随随枢枢数数斉齐静静窃窃摂摄専专浅浅銭钱践践潜潜禅禅双双総总装装蔵藏臓脏属属"
    "続续堕堕体体対对帯带滞滞台台滝泷択择沢泽担担胆胆団团断断遅迟昼昼虫虫鋳铸聴听懲惩鎮镇転转伝传灯灯"
    "盗盗稲稻闘斗徳德独独読读届届弐贰悩恼脳脑覇霸廃废拝拜売卖麦麦髪发抜拔蛮蛮秘秘浜滨瓶瓶払拂仏佛併并"
    "塀塀弁辩舗铺歩步宝宝豊丰謀谋黙默訳译薬药与与揺摇様样謡谣来来頼赖乱乱覧览竜龙両两猟猎緑绿涙泪塁垒"
    "礼礼励励霊灵齢龄恋恋炉炉労劳楼楼録录湾湾"
)
FOLDED = {_PAIRS[i]: _PAIRS[i + 1] for i in range(0, len(_PAIRS), 2) if _PAIRS[i] != _PAIRS[i + 1]}
