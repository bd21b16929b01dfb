"""Characters Japanese text does not use, and the Japanese form to suggest.

`SIMPLIFIED` maps common simplified-Chinese characters (which slip in through
OCR, PDF extraction and Chinese input methods: 一部改订計画) to the Japanese
form of the same character. It is a small table of likely slips, not a
converter; a character not in it is still reported, by name and code point.
"""

from __future__ import annotations

import unicodedata

_PAIRS = (
    "订訂 计計 认認 议議 设設 论論 识識 说説 话話 语語 读読 调調 谈談 讲講 证証 评評 试試 诉訴 词詞"
    " 课課 谢謝 请請 许許 记記 让譲 训訓 该該 详詳 误誤 译訳 规規 视視 观観 亲親 览覧 业業 发発 经経 济済"
    " 门門 问問 间間 闭閉 时時 东東 车車 长長 书書 动動 对対 员員 应応 产産 务務 进進 还還 过過 选選 边辺"
    " 场場 报報 现現 实実 质質 资資 费費 贸貿 验験 总総 结結 纪紀 约約 级級 组組 织織 线線 练練 县県 乡郷"
    " 农農 节節 图図 团団 环環 兴興 协協 华華 单単 卖売 买買 韩韓 页頁 顶頂 项項 题題 领領 风風 飞飛 马馬"
    " 鱼魚 鸟鳥 龙竜 劳労 优優 传伝 络絡 际際 缘縁 续続 维維 综綜 类類 职職 样様 标標 权権 术術 执執 扩拡"
    " 护護 拥擁 择択 换換 挥揮 损損 汇彙 热熱 爱愛 历歴 压圧 厅庁 卫衛 财財 贷貸 购購 赁賃 铁鉄 银銀 钱銭"
    " 镇鎮 链鎖 队隊 阶階 陆陸 险険 难難 电電 为為 举挙 义義 乐楽 习習"
)

SIMPLIFIED: dict[str, str] = {pair[0]: pair[1] for pair in _PAIRS.split()}


def is_japanese_charset(char: str) -> bool:
    """Whether `char` is in JIS X 0208 / JIS X 0213 or Windows' CP932 set.

    CP932 is admitted too: its NEC/IBM extensions (髙, ①…) are what city PCs
    type, and the fonts draw them.
    """
    if char.isascii():
        return True
    for codec in ("euc_jis_2004", "cp932"):
        try:
            char.encode(codec)
        except UnicodeEncodeError:
            continue
        return True
    return False


def describe(char: str) -> str:
    """`U+8BA2` and the Unicode name, for a message."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")
