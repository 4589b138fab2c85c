"""Vietnamese texts: the narrative checked against forms, documents and dates; live figures.

Owned by ``cchc_tui.base.cues``, ``cchc_tui.domain.narrative*``, ``citations``, ``periods``,
``contradictions``, ``links`` and the narrative editor. Besides messages, this module holds the
Vietnamese words the checks read in prose (units, document types, agencies, period words),
because every Vietnamese text of the app lives in ``messages/``; they are matched folded
(``base.text.fold``: no diacritics, lower case, đ = d).
"""

from __future__ import annotations

# --- Cues in templates (cchc_tui.base.cues, cchc_tui.template.loader) ------------------------
CUE_EMPTY_SCOPE = "gợi ý “{cue}”: sau @ phải có khóa mục, ví dụ @I.3"
CUE_BAD_CHAR = "gợi ý “{cue}”: ký tự “{ch}” không dùng được (chỉ chữ, số, {{n}}, #, /, %, …)"
CUE_FIGURE_COUNT = "gợi ý “{cue}” phải có đúng một chỗ {{n}} (vị trí con số của dòng)"
CUE_NO_WORD = "gợi ý “{cue}” phải có ít nhất một từ"
CUE_GAP_END = "gợi ý “{cue}”: dấu … chỉ đứng giữa hai từ, không đứng đầu, cuối hay liền nhau"
CUE_UNKNOWN_SECTION = "gợi ý “{cue}” nhắc tới mục “{key}” không có trong mẫu"
CLI_TEMPLATE_CUES = "Gợi ý thuyết minh: {cues} gợi ý trên {rows} chỉ tiêu, đều đúng cú pháp."
CUE_NOT_NUMERIC = "chỉ dòng có số (đếm, số, tỷ lệ, tiền) mới có gợi ý thuyết minh (narrative)"

# --- Words read in prose (matched folded) ----------------------------------------------------
UNIT_PERCENT_WORDS = ("phần trăm",)
MONEY_UNITS = {
    "đồng": 1,
    "đ": 1,
    "vnđ": 1,
    "vnd": 1,
    "nghìn đồng": 1_000,
    "ngàn đồng": 1_000,
    "triệu đồng": 1_000_000,
    "tr đồng": 1_000_000,
    "tỷ đồng": 1_000_000_000,
}
"""Money units after a number and their value in đồng."""
COUNT_UNITS = {
    "hồ sơ": ("hồ sơ",),
    "thủ tục": ("thủ tục", "tthc", "tt", "thủ tục hành chính"),
    "văn bản": ("văn bản", "vb"),
    "phiếu": ("phiếu",),
    "người": ("người", "cán bộ", "công chức", "đồng chí", "cán bộ, công chức", "cbcc"),
    "cán bộ, công chức": ("cán bộ", "công chức", "cán bộ, công chức", "cbcc", "đồng chí"),
    "nhiệm vụ": ("nhiệm vụ",),
    "điểm": ("điểm",),
    "tổ chức": ("tổ chức",),
    "cá nhân": ("cá nhân",),
    "vấn đề": ("vấn đề",),
    "pakn": ("pakn", "phản ánh", "kiến nghị"),
    "biên chế": ("biên chế",),
    "tài khoản": ("tài khoản",),
    "mã": ("mã",),
    "lĩnh vực": ("lĩnh vực",),
    "nghị quyết": ("nghị quyết",),
    "kế hoạch": ("kế hoạch",),
    "thông báo": ("thông báo",),
    "hộ": ("hộ",),
    "gói": ("gói",),
    "nắp": ("nắp",),
    "đơn vị": ("đơn vị",),
}
"""A row's unit of measure (đơn vị tính, folded) and the words prose uses after the number."""
OTHER_NOUNS = (
    "cuộc",
    "lượt",
    "tin bài",
    "máy",
    "bộ",
    "trường hợp",
    "đơn",
    "lớp",
    "tuổi",
    "tháng",
    "ngày",
    "năm",
    "thôn",
    "xã",
    "cái",
    "chỉ tiêu",
    "nội dung",
    "quyết định",
    "công văn",
    "tiêu chí",
)
"""Other nouns counted in prose: a figure followed by one of them counts something else."""
IDENTIFIER_BEFORE = (
    "số",
    "mức độ",
    "cấp độ",
    "thứ",
    "lần thứ",
    "khóa",
    "quý",
    "tháng",
    "ngày",
    "tuần",
    "điều",
    "khoản",
    "mục",
    "phụ lục",
    "biểu mẫu",
    "biểu",
    "đề án",
    "nghị định",
    "quyết định",
    "chỉ thị",
    "thông tư",
    "luật",
    "iso",
    "tcvn",
    "phiên bản",
    "tiêu chí",
    "tiêu chí thành phần",
    "nhóm",
    "lớp",
    "đợt",
    "giai đoạn",
    "nhiệm kỳ",
)
"""Words after which a number names something (số 39, mức độ 3, Đề án 06), not a quantity."""
FIGURE_BEFORE = ("tổng số", "với tổng số", "trong tổng số")
"""Exceptions to ``IDENTIFIER_BEFORE``: "tổng số 2037 phiếu" is a quantity."""
YEAR_BEFORE = ("năm", "giai đoạn", "nhiệm kỳ", "niên độ", "khóa")
"""Words after which a four-digit number is a year."""
DATE_DAY = "ngày"
DATE_MONTH = "tháng"
DATE_YEAR = "năm"
RANGE_FROM = ("từ", "từ ngày", "trước", "sau", "ngày", "đến", "đến ngày")
"""Words before a day/month such as "20/5" ("từ 20/5 đến 30/5/2023")."""
WINDOW_FROM = ("từ",)
WINDOW_TO = ("đến", "tới")
"""Words of a time window written in a clause: "Từ ngày 01/01/2023 đến ngày 10/8/2023"."""
RATIO_REACHES = ("đạt", "đạt tỷ lệ", "đạt tỉ lệ", "bằng", "chiếm", "chiếm tỷ lệ")
"""Words between a fraction a/b and its percentage: "1041/1049, đạt 99,2%"."""
LABEL_PREFIXES = ("tổng số", "số lượng", "số", "tỷ lệ", "tỉ lệ")
"""Leading words of an indicator's label dropped when the label is looked for in prose."""
LABEL_LINKS = ("là", "đạt", "có", "được", "gồm")
"""Words allowed between a label found in prose and its figure."""

# --- Documents cited in prose (cchc_tui.domain.citations) ------------------------------------
DOC_TYPE_WORDS = (
    "Kế hoạch",
    "Quyết định",
    "Thông báo",
    "Công văn",
    "Báo cáo",
    "Chỉ thị",
    "Nghị quyết",
    "Nghị định",
    "Thông tư",
    "Tờ trình",
    "Phương án",
    "Hướng dẫn",
    "Chương trình",
    "Kết luận",
)
"""Kinds of document that prose cites as "<kind> số <number/symbol> ngày <date>"."""
DOC_NUMBER_WORD = "số"
DOC_DATE_WORD = "ngày"
DOC_ISSUER_WORDS = ("của", "do")
DOC_ISSUED_VERBS = ("ban hành", "xây dựng", "ra", "ký")
"""Verbs between a leading "Ngày dd/mm/yyyy" and the document it dates."""
AGENCY_WORDS = (
    "ubnd",
    "ủy ban nhân dân",
    "uỷ ban nhân dân",
    "chủ tịch ubnd",
    "chủ tịch ủy ban nhân dân",
)
"""How prose names a People's Committee (followed by its level)."""
OWN_LEVELS = {"xa": ("xã",), "phuong": ("phường",), "thi_tran": ("thị trấn",)}
"""The level words of the reporting unit's own committee, by unit kind."""
OTHER_ISSUERS = (
    "huyện",
    "tỉnh",
    "thành phố",
    "thị xã",
    "quận",
    "chính phủ",
    "thủ tướng",
    "bộ",
    "sở",
    "phòng",
    "hđnd",
    "hội đồng nhân dân",
    "đảng ủy",
    "huyện ủy",
    "tỉnh ủy",
    "ban chỉ đạo",
    "trung ương",
    "quốc hội",
)
"""Issuers other than the unit's own People's Committee."""
NOT_UBND_SYMBOLS = ("TTG", "CP", "HĐND", "ĐU", "TU", "HU", "QH", "BCĐ", "UBTVQH", "CTN")
"""Symbol groups of documents the unit's People's Committee does not issue."""

# --- Period words (cchc_tui.domain.periods) ----------------------------------------------------
PERIOD_MONTH_WORDS = {"sáu": 6, "chín": 9, "ba": 3, "mười hai": 12}
PERIOD_MONTHS = "tháng"
PERIOD_FIRST = ("đầu năm",)
PERIOD_LAST = ("cuối năm",)
PERIOD_QUARTER = "quý"
PERIOD_YEAR = "năm"
PERIOD_NEXT = ("phương hướng", "nhiệm vụ trọng tâm")
"""Words after which a report's title or closing names the next period."""
PERIOD_THIS_REPORT = ("trên đây là báo cáo",)
"""A sentence with one of these phrases names this report (its period words are checked)."""
PERIOD_REPORTS_AS_FOLLOWS = ("báo cáo", "như sau")
"""So does a sentence with the first phrase that ends with the second ("… báo cáo kết quả … như
sau:")."""
PERIOD_MONTHS_OF_KIND = {"quy": 3, "6thang": 6, "9thang": 9, "nam": 12}
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# --- Findings (cchc_tui.domain.validation: kinds figure, ratio, citation, period, link) -------
FIND_FIGURE = (
    "Câu “{sentence}” ghi {figure} nhưng dòng {stt} “{label}” ({form}) là {value}. "
    "Sửa số trong câu hoặc trong biểu mẫu, hoặc liên kết số liệu (Ctrl+L) để câu luôn theo biểu mẫu."
)
FIND_FIGURE_WINDOW = " Câu tính trong khoảng {window}, khác kỳ báo cáo {period}."
FIND_RATIO = "Câu “{sentence}”: {part}/{whole} = {exact}% chứ không phải {printed}%."
FIND_CITE_MISSING = (
    "{kind} {number}{date} được nêu trong thuyết minh nhưng không có trong phụ lục văn bản "
    "đã ban hành; thêm vào phụ lục hoặc giải trình."
)
FIND_CITE_DATE_SUFFIX = " ngày {date}"
FIND_CITE_NEAR = " Phụ lục có {near} cùng ngày: có phải cùng văn bản?"
FIND_CITE_DATE = "{kind} {number} ghi ngày {date} nhưng phụ lục ghi ngày {listed}."
FIND_CITE_TWO_DATES = "{kind} {number} ghi ngày {date} ở đây nhưng ngày {other} ở mục {where}."
FIND_CITE_TYPE = "“{kind} số {number}”: ký hiệu {symbol} là của {symbol_type}, không phải {kind}."
FIND_CITE_LISTED_TYPE = "Thuyết minh gọi {number} là {kind} nhưng phụ lục ghi {listed}."
FIND_CITE_YEAR = "{kind} {number}: năm trong số hiệu ({year}) khác năm của ngày ban hành {date}."
FIND_REPORT_BEFORE_END = (
    "Báo cáo đề ngày {date}, trước ngày cuối kỳ báo cáo {end}: số liệu tính đến {end} "
    "chưa thể có vào ngày báo cáo; sửa ngày hoặc kỳ, hoặc giải trình."
)
FIND_DOC_OUTSIDE = (
    "Văn bản ngày {date} nằm ngoài kỳ báo cáo ({start} – {end}); giải trình nếu đúng."
)
FIND_PERIOD_WORDS = "“{words}” trong {where} không khớp kỳ báo cáo ({period})."
FIND_PERIOD_YEAR = "“{words}” trong {where} khác năm của kỳ báo cáo ({year})."
PLACE_TITLE = "tên báo cáo"
PLACE_BASIS = "căn cứ báo cáo"
PLACE_CLOSING = "câu kết"
PLACE_SENTENCE = "câu “{sentence}”"
FIND_LINK_EMPTY = "Số liệu liên kết tới dòng {stt} “{label}” ({form}) chưa có giá trị."
FIND_LINK_UNKNOWN = "Liên kết tới dòng {key} không có trong mẫu báo cáo này."
FIND_SECTION_UNSEEN = (
    "Mục này chép từ kỳ trước và có số liệu liên kết: mở mục và đọc lại trước khi ký "
    "(số liệu đã theo kỳ này)."
)
LINK_FORM_SHORT = "Biểu mẫu {number}"
SHOWN_HEADER = "Thông tin văn bản"
SHOWN_CLOSING = "Câu kết"
PERIOD_SHOWN = "{start} – {end}"
SENTENCE_CUT = "…"

# --- Live figures in cchc-report/1 (cchc_tui.domain.interchange) -------------------------------
JSON_LINK_NO_TEXT = "có số liệu liên kết nhưng mục “{key}” không có nội dung"
JSON_LINK_PLACE = "vị trí số liệu liên kết (at, length) phải là số nguyên không âm, nằm trong nội dung mục và không chồng lên nhau"
JSON_LINK_ROW = "dòng “{key}” không phải dòng có số của mẫu {template}"
JSON_LINK_SEEN = "seen phải là true hoặc false"

# --- Live figures in the editor (cchc_tui.screens.narrative) -----------------------------------
KEY_LINK = "Số liệu"
KEY_LINK_FINDING = "Liên kết"
LINK_PICK_TITLE = "Chèn số liệu của biểu mẫu vào câu"
LINK_PICK_PLACEHOLDER = "Gõ tên chỉ tiêu hoặc STT, không cần dấu (ví dụ: ho so da giai quyet)"
LINK_PICK_ROW = "{stt} {label} (BM{form}): {value}"
LINK_PICK_EMPTY = "(chưa có)"
LINK_PICK_NONE = "Không có chỉ tiêu nào khớp."
LINK_INSERTED = "Đã chèn số liệu liên kết tới dòng {key}."
LINK_STATUS = "Số liệu liên kết: {key} “{label}” = {value}"
LINK_SUGGEST = "Số {figure} khớp dòng {key} “{label}”: Ctrl+L để liên kết"
LINK_CONFLICT = "Số {figure} khác dòng {key} “{label}” ({value}): Ctrl+L để liên kết"
LINK_COUNT = "{count} số liệu liên kết"
LINK_LOCKED = "Báo cáo đã khóa: không chèn số liệu được."
LINK_NOT_NARRATIVE = "Cảnh báo này không nằm trong thuyết minh nên không liên kết được."
LINK_FROM_FINDING = "Đã liên kết số trong câu với dòng {key}: câu luôn theo biểu mẫu."
LINK_NOTHING = "Cảnh báo này không có số nào để liên kết."
LINK_EMPTY_VALUE = "…"
