"""Traditional-character pages: parsed on a folded (simplified) copy, output unfolded."""

from __future__ import annotations

import re

from .contract import Credit, ParsedPage

# Traditional → simplified forms of the characters the rules above look for (and of
# common words around them), as pairs: 報报 訊讯 協协 … A Big5 archive is in
# traditional characters (本報訊, 科協, 本版協辦單位); the page is parsed on a folded
# copy and every output string is unfolded, so the text still comes out exactly as
# printed (no traditional/simplified conversion).
_T2S_PAIRS = (
    "報报訊讯記记協协會会學学術术與与為为樂乐習习鄉乡書书們们體体儀仪黨党農农涼凉寫写辦办務务動动醫医華华單单廠厂廳厅縣县參参發发臺台號号員员團团圖图場场壩坝處处復复"
    "頭头奮奋獎奖婦妇寧宁賓宾對对導导屬属廣广開开張张歸归攝摄斷断雜杂來来標标欄栏樣样殘残瀘泸點点現现電电簽签約约組组續续綿绵編编網网聯联見见觀观視视計计講讲設设證证"
    "該该語语請请貢贡責责資资輯辑達达進进連连鎮镇間间隊队陽阳頁页頒颁題题風风館馆驗验區区後后實实據据誌志總总並并從从於于當当傳传覽览屆届歲岁畫画負负財财產产業业獻献"
    "眾众軍军舉举礎础層层貫贯徹彻線线際际關关圍围選选評评專专齊齐談谈議议論论溝沟紀纪錄录匯汇織织項项劃划規规濟济機机構构幹干東东縱纵領领帶带興兴築筑這这個个門门問问"
    "應应獲获歷历態态億亿萬万價价義义盡尽氣气讓让還还邊边過过遠远適适遺遗權权擁拥擊击攜携揮挥換换戰战戶户掃扫損损無无燈灯營营爭争牽牵獨独環环畢毕異异療疗監监盤盘礦矿"
    "禮礼稅税積积穩稳窮穷競竞範范簡简糧粮緊紧練练縮缩績绩繼继罰罚羅罗聖圣聞闻聲声職职藝艺藥药蘭兰衛卫補补製制親亲覺觉觸触訂订訓训託托許许訪访詢询試试詳详誠诚說说課课"
    "調调諮咨謀谋謝谢識识護护讀读變变豐丰貧贫質质購购賽赛贊赞趨趋跡迹軟软較较載载輔辅輕轻輸输運运遊游鄰邻釋释針针銀银銷销鋒锋錢钱錯错鍵键長长閉闭閱阅闊阔陣阵陳陈陸陆"
    "險险隨随隱隐雙双離离難难靈灵靜静響响頂顶順顺須须預预頻频顧顾顯显飛飞飯饭飲饮養养餘余驅驱鬥斗魚鱼鮮鲜鳥鸟鳴鸣麥麦黃黄齡龄龍龙劉刘蘇苏躍跃濱滨鄧邓漢汉澇涝災灾聽听"
    "兩两嚴严倫伦偉伟優优兒儿劑剂勞劳勢势勵励勸劝叢丛啟启圓圆執执堅坚墾垦壓压壯壮夢梦奪夺孫孙寶宝尋寻嶺岭幣币師师幫帮廢废彈弹徑径徵征愛爱慶庆憂忧懷怀戲戏擴扩擇择擔担"
    "擬拟數数時时晉晋暢畅條条棄弃極极樓楼橋桥檔档檢检歡欢殺杀毀毁決决沒没況况淚泪淺浅測测湧涌滅灭滿满漁渔潔洁潛潜濕湿灣湾烏乌煙烟熱热爾尔牆墙狀状獸兽畝亩確确碼码稱称"
    "種种筆笔節节籌筹紅红納纳純纯紙纸級级紛纷細细終终結结給给絡络絕绝統统經经綜综維维緒绪緣缘繪绘罷罢腦脑腳脚臉脸舊旧艱艰莊庄葉叶蓋盖薦荐藍蓝蟲虫衝冲裝装訴诉註注詩诗"
    "話话認认誤误諾诺謂谓譜谱譯译貨货貼贴貴贵費费賀贺賣卖賴赖贈赠趕赶轉转辭辞週周違违遙遥遞递郵邮鐵铁鑒鉴閃闪閒闲陰阴雲云額额願愿類类飄飘馬马駐驻驚惊麗丽壇坛誼谊賦赋"
    "鑄铸鈦钛鐘钟瑤瑶擺摆彌弥擋挡撥拨繞绕厲厉緻致嚮向奧奥壽寿蕩荡蘊蕴顆颗鬧闹潤润澤泽凱凯飾饰糾纠緩缓紹绍贏赢諸诸譽誉賬账賢贤踐践蹤踪軌轨輝辉輪轮轄辖邁迈鄭郑銘铭鋪铺"
    "錦锦鎖锁鏈链閣阁闡阐隴陇韓韩頌颂顏颜駕驾騰腾驕骄鬱郁魯鲁鴻鸿鵬鹏鶴鹤龐庞龜龟陝陕嶽岳"
)
_T2S = {_T2S_PAIRS[k]: _T2S_PAIRS[k + 1] for k in range(0, len(_T2S_PAIRS), 2)}
_TRAD_RE = re.compile("[" + "".join(_T2S) + "]")


def fold_tables(text: str) -> tuple[dict[int, str], dict[int, str]] | None:
    """The traditional characters of *text* whose simplified form does not occur in it:
    folding them is reversible on this page (unfolding never touches a character that
    was printed simplified)."""
    if not _TRAD_RE.search(text):
        return None
    present = set(text)
    trad = [t for t in present.intersection(_T2S) if _T2S[t] not in present]
    if not trad:
        return None
    return (
        {ord(t): _T2S[t] for t in trad},
        {ord(_T2S[t]): t for t in trad},
    )


def unfold_page(page: ParsedPage, table: dict[int, str]) -> None:
    def u(x):
        return x.translate(table) if isinstance(x, str) else x

    def uc(creds: list[Credit]) -> None:
        for c in creds:
            c.name, c.role, c.unit, c.post = u(c.name), u(c.role), u(c.unit), u(c.post)

    page.sponsors = [u(x) for x in page.sponsors]
    page.banners = [u(x) for x in page.banners]
    page.unplaced = [u(x) for x in page.unplaced]
    page.warnings = [u(x) for x in page.warnings]
    page.page_name, page.header = u(page.page_name), u(page.header)
    page.metadata = {k: u(v) for k, v in page.metadata.items()}
    for r in page.column_runs:
        r.column, r.pinyin, r.sponsors = u(r.column), u(r.pinyin), [u(x) for x in r.sponsors]
        uc(r.credits)
    for a in page.articles:
        for k in ("title", "kicker", "subtitle", "column", "banner", "source"):
            setattr(a, k, u(getattr(a, k)))
        a.paragraphs = [u(x) for x in a.paragraphs]
        a.captions = [u(x) for x in a.captions]
        for sec in a.sections:
            sec.heading, sec.paragraphs = u(sec.heading), [u(x) for x in sec.paragraphs]
        uc(a.credits)
