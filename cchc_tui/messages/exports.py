"""Vietnamese texts: exports (see the package docstring).

Texts printed in the Excel workbook of the forms (``cchc_tui.exports.xlsx``) and in the Word
report (``cchc_tui.exports.docx``). Layouts follow shared/seeds/001 and the state format of
Nghị định 30/2020/NĐ-CP. Placeholders use ``str.format`` names.
"""

from __future__ import annotations

from cchc_tui.messages.core import NOT_APPLICABLE as _NOT_APPLICABLE

# --- Shared by both exports ------------------------------------------------------------------
EXP_NOT_APPLICABLE = _NOT_APPLICABLE
"""A ratio whose denominator is 0: "không phát sinh"."""
EXP_FORM_NAME = "Biểu mẫu {number}"
"""Sheet name and heading of a form."""
EXP_COL_STT = "STT"
EXP_COL_INDICATOR = "Chỉ tiêu thống kê (sử dụng cho kỳ báo cáo {period})"
EXP_COL_RESULT = "Kết quả thống kê"
EXP_COL_UNIT = "Đơn vị tính"
EXP_COL_VALUE = "Số lượng/ Tỷ lệ"
EXP_COL_NOTE = "Ghi chú"
EXP_COL_CRITERIA = "Lĩnh vực, tiêu chí, tiêu chí thành phần"
"""Second column of a scored form (points against a maximum, seed 003)."""
EXP_COL_MAXIMUM = "Điểm tối đa"
EXP_COL_SCORE = "Điểm tự chấm"
EXP_COL_EVIDENCE = "Tài liệu kiểm chứng"
EXP_POINTS_UNIT = "Điểm"
"""Unit of a scored form whose scored rows name none."""
EXP_PERIOD_LABELS = {
    "nam": "năm {year}",
    "6thang": "6 tháng năm {year}",
    "9thang": "9 tháng năm {year}",
    "quy": "quý {quarter} năm {year}",
}
"""Period kind → how the period is named in a sentence ("kỳ báo cáo năm 2023")."""
EXP_PERIOD_FALLBACK = "{code}"
EXP_UNIT_KIND_LOWER = {"xa": "xã", "phuong": "phường", "thi_tran": "thị trấn"}
"""Unit kind as written inside a sentence ("UBND xã Bình Lãng")."""
EXP_AGENCY_SHORT = "UBND {unit}"
EXP_UNIT_PERIOD_LINE = "{unit} — kỳ báo cáo {period} (từ ngày {start} đến ngày {end})"

# --- Word report (Nghị định 30/2020/NĐ-CP) ---------------------------------------------------
DOCX_AGENCY = "ỦY BAN NHÂN DÂN"
DOCX_NUMBER_LINE = "Số: {number}/{symbol}"
DOCX_NUMBER_BLANK = "\u00a0" * 8
"""Printed in place of the number until the văn thư numbers the report: blank, as seed 001
was signed ("Số: /BC-UBND"); non-breaking spaces keep the room open."""
DOCX_NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
DOCX_MOTTO = "Độc lập - Tự do - Hạnh phúc"
DOCX_PLACE_DATE = "{place}, {date}"
DOCX_DATE_BLANK = "......"
DOCX_KIND = "BÁO CÁO"
DOCX_APPENDIX = "Phụ lục"
"""Heading of the only appendix; with two or more: ``DOCX_APPENDIX_NUMBERED``."""
DOCX_APPENDIX_NUMBERED = "Phụ lục {number}"
"""NĐ 30/2020, Phụ lục I, III.1: appendices numbered in Roman numerals ("Phụ lục II")."""
DOCX_FORMS_TITLE = (
    "Biểu mẫu thống kê số liệu báo cáo cải cách hành chính {period} trên địa bàn {unit}"
)
"""Name of the forms appendix (printed in capitals, NĐ 30/2020, Phụ lục I, III.1)."""
DOCX_ATTACHED = "(Kèm theo Báo cáo số {number}/{symbol} {date} của {agency})"
"""``date`` is ``DOCX_DATE_WORDS`` ("ngày 08 tháng 12 năm 2023"), in every appendix."""
DOCX_SCORES_TITLE = "KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM {period} CỦA {unit}"
"""Name of the forms appendix when every form is scored (points against a maximum)."""
DOCX_DATE_WORDS = "ngày {day} tháng {month} năm {year}"
DOCX_DOCS_TITLE = "{title} {period}"
DOCX_DOCS_TITLE_DEFAULT = "Các văn bản đã ban hành"
DOCX_DOC_COLUMNS = ("STT", "Số, ký hiệu", "Ngày", "Trích yếu")
DOCX_DOC_SUMMARY = "{type} {summary}"
DOCX_RECIPIENTS = "Nơi nhận:"
DOCX_RECIPIENT_LINE = "- {name}{end}"
DOCX_SUBHEADING = "- {title}"

# --- The document header (cchc_tui.domain.header; Nghị định 30/2020/NĐ-CP, Phụ lục I) -------
HEADER_YEAR = "năm {year}"
"""How a year is named after a period ("9 tháng năm 2023")."""
HEADER_AGENCY_FULL = "Ủy ban nhân dân {unit}"
HEADER_STORAGE = "Lưu: VT"
RECIPIENT_STORAGE_WORD = "Lưu"
"""The word that opens the recipients' archive line ("Lưu: VT"), to recognise it."""
"""Last line of "Nơi nhận": the archive (VT = văn thư)."""
HEADER_CLOSING = "Trên đây là báo cáo {title} của {agency}./."
HEADER_CLOSING_TO = (
    "Trên đây là báo cáo {title} của {agency}, báo cáo {office} theo dõi, chỉ đạo./."
)
HEADER_NUMBER_DIGITS = "Số văn bản “{number}” chỉ được gồm chữ số (ví dụ 05, 101)."
HEADER_NUMBER_ZERO = "Số văn bản bắt đầu từ 01, không thể là 0."
HEADER_NUMBER_LEADING_ZERO = (
    "Số nhỏ hơn 10 phải ghi thêm số 0 phía trước: “{padded}”, không phải “{number}”."
)
HEADER_SYMBOL_EMPTY = "Chưa có ký hiệu văn bản (ví dụ BC-UBND)."
HEADER_SYMBOL_SPACES = "Ký hiệu “{symbol}” không được có dấu cách; viết “{fixed}”."
HEADER_SYMBOL_UPPER = "Ký hiệu viết bằng chữ in hoa: “{fixed}”, không phải “{symbol}”."
HEADER_SYMBOL_FORM = "Ký hiệu “{symbol}” không đúng thể thức: các nhóm chữ in hoa nối bằng dấu gạch nối (ví dụ BC-UBND)."
HEADER_SYMBOL_KIND = (
    "Ký hiệu của báo cáo bắt đầu bằng “{kind}” (Báo cáo), ví dụ {kind}-UBND; đang ghi “{symbol}”."
)
HEADER_DATE_EMPTY = "Chưa có ngày ban hành báo cáo."
HEADER_DATE_BEFORE = "Ngày báo cáo {date} trước ngày bắt đầu kỳ báo cáo ({start})."
HEADER_PLACE_EMPTY = "Chưa có địa danh (ví dụ tên xã) trên dòng ngày tháng."
HEADER_TITLE_EMPTY = "Chưa có trích yếu (tên báo cáo)."
HEADER_RECIPIENTS_EMPTY = "Chưa có nơi nhận."
HEADER_RECIPIENTS_STORAGE = "Dòng cuối của nơi nhận thường là “Lưu: VT”."
HEADER_SIGNER_EMPTY = "Chưa có họ tên người ký."
HEADER_SIGNER_TITLE_EMPTY = "Chưa có chức vụ người ký (ví dụ CHỦ TỊCH)."
HEADER_AUTHORITY_UNKNOWN = "Không rõ “{mark}” trước chức vụ người ký; chỉ dùng: {choices}."
HEADER_PRINCIPAL_EMPTY = (
    "Ký “{mark}” thì phải ghi chức vụ người đứng đầu được ký thay (ví dụ {mark} CHỦ TỊCH)."
)

# --- Printing and drafts (exports.xlsx, exports.docx, exports.draft) -------------------------
EXP_HEADER_PERIOD = "Kỳ báo cáo {period}"
"""Right part of a printed sheet's page header."""
EXP_FOOTER_PAGE = "Trang &P/&N"
"""Footer of a printed sheet ("&P" page number, "&N" page count: Excel's own codes)."""
EXP_DRAFT_MARK = "DỰ THẢO"
"""On every page of a draft (NĐ 30/2020 practice: "Dự thảo" in a box under the number)."""
EXP_DRAFT_LINE = "DỰ THẢO — bản in để đọc trước khi ký, không phải báo cáo đã ký gửi cấp trên"
EXP_DRAFT_TITLE = "DỰ THẢO – {title}"
"""Title in the file properties of a draft."""
DOCX_FINDINGS_TITLE = "DỰ THẢO — NHỮNG ĐIỀU CẦN XỬ LÝ TRƯỚC KHI KÝ"
DOCX_FINDINGS_NOTE = "(Trang này chỉ có trong bản dự thảo, không có trong báo cáo đã ký)"
DOCX_FINDINGS_SUMMARY = "Báo cáo còn {errors} lỗi (phải sửa trước khi ký) và {warnings} cảnh báo ({explained} đã giải trình)."
DOCX_FINDINGS_HEADER = "Thông tin văn bản:"
DOCX_FINDINGS_HEADER_LINE = "- {severity}: {message}"
DOCX_FINDINGS_NONE = "Không có lỗi hay cảnh báo nào."
DOCX_FINDINGS_COLUMNS = ("STT", "Mức", "Ở đâu", "Nội dung", "Giải trình")
DOCX_WHERE_ROW = "Biểu mẫu {form}, dòng {row}"
DOCX_WHERE_SECTION = "Mục {number}: {title}"
DOCX_WHERE_DOCUMENT = "Phụ lục văn bản, STT {index} ({number}, ngày {date})"
DOCX_WHERE_OTHER = "{key}"
