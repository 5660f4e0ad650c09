"""A detail panel's dotted leaders read as words («xxx», «9999999999998», «YYSY»,
«tt.») are dropped before layout (``read.drop_leader_debris``); words, figures and a
table's dash cell stay. Word boxes modelled on the dev2 ``doc_detail_panel`` screens
(prepared pixels, text 32–40 px tall)."""

from verifiers.ocr.engine import Line, Word, _lines
from verifiers.ocr.read import drop_leader_debris


def w(text: str, conf: float, x0: int, x1: int, y0: int = 1040, y1: int = 1080) -> Word:
    return Word(text, conf, (x0, y0, x1, y1))


def test_leaders_between_a_label_and_its_value_are_dropped() -> None:
    label = [w("Văn", 97, 900, 990), w("bản", 97, 1005, 1090), w("đi", 91, 1100, 1140)]
    lines = [
        Line([*label, w("YYSY", 0.0, 1555, 1587, 1048, 1076), w("tt.", 32.0, 1600, 1630),
              w("6999919919", 30.5, 1700, 1922, 1048, 1076), w("1.212", 97, 3600, 3723)]),
        Line([w("xxx", 12.0, 1680, 1720, 1110, 1117), w("an", 7.0, 1740, 1760, 1110, 1117),
              w("9999999999998", 0.0, 3440, 3642, 1110, 1117)]),
        Line([w("Số", 95, 900, 950), w("hồ", 95, 960, 1000), w("sơ", 95, 1010, 1050),
              w("-", 40.0, 3700, 3712, 1058, 1062), w("1.000", 45.0, 3800, 3900)]),
    ]
    out = drop_leader_debris(lines)
    assert [[x.text for x in ln.words] for ln in out] == [
        ["Văn", "bản", "đi", "1.212"], ["Số", "hồ", "sơ", "-", "1.000"]]


def test_a_short_word_beside_its_neighbours_stays_however_unsure() -> None:
    lines = [Line([w("Văn", 97, 900, 990), w("bản", 97, 1005, 1090), w("đi", 20.0, 1100, 1140)]),
             Line([w("+/*", 0.0, 2010, 2073)]),  # a change column's «+/-» header
             Line([w("Một", 96, 900, 960), w("phần", 96, 975, 1060), w("trực", 96, 1075, 1150),
                   w("tuyểên", 5.0, 1165, 1280)])]  # a header's garbled word is a word
    assert drop_leader_debris(lines) == lines


def test_a_badge_s_small_sign_and_a_surely_read_small_figure_stay() -> None:
    # a card's trend badge «▲ 52 % so với cùng kỳ» in small type: its «%» read «%¿»
    # in a short flat box, its figure read surely in a flat one; a leader stays debris
    lines = [Line([w("Giải", 96, 900, 980), w("quyết", 96, 995, 1100)]),
             Line([w("52", 96.0, 1202, 1231, 1062, 1073), w("%¿", 0.0, 1240, 1264, 1062, 1074),
                   w("so", 90, 1270, 1310), w("với", 90, 1320, 1380)]),
             Line([w("xxxxxx", 12.0, 1500, 1700, 1110, 1117)])]
    out = drop_leader_debris(lines)
    assert [[x.text for x in ln.words] for ln in out] == [
        ["Giải", "quyết"], ["52", "%¿", "so", "với"]]


def test_a_fraction_slash_is_the_slash_of_a_quarter_not_debris() -> None:
    # dev2 seed 5858: «Quý III/2022» read «Quý» «II⁄2022» (U+2044) at 4 %: the sign inside
    # the word made it debris and the period was lost
    data = {"text": ["Kỳ", "báo", "cáo:", "Quý", "II\u20442022"],
            "conf": [78.0, 78.0, 78.0, 3.8, 3.8], "block_num": [1] * 5, "par_num": [1] * 5,
            "line_num": [1] * 5, "left": [264, 287, 320, 373, 390], "top": [210] * 5,
            "width": [17, 27, 30, 30, 45], "height": [17, 13, 13, 17, 13]}
    (line,) = drop_leader_debris(_lines(data))
    assert [w.text for w in line.words][-1] == "II/2022"
