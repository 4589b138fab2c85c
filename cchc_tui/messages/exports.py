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
DOCX_NUMBER_BLANK = "......"
"""Printed in place of the number until the report is issued."""
DOCX_NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
DOCX_MOTTO = "Độc lập - Tự do - Hạnh phúc"
DOCX_PLACE_DATE = "{place}, ngày {day} tháng {month} năm {year}"
DOCX_DATE_BLANK = "......"
DOCX_KIND = "BÁO CÁO"
DOCX_APPENDIX = "PHỤ LỤC"
DOCX_FORMS_TITLE = (
    "BIỂU MẪU THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH {period} TRÊN ĐỊA BÀN {unit}"
)
DOCX_ATTACHED = "(Kèm theo Báo cáo số {number}/{symbol} ngày {date} của {agency})"
DOCX_DATE_WORDS = "ngày {day} tháng {month} năm {year}"
DOCX_DOCS_TITLE = "{title} {period}"
DOCX_DOCS_TITLE_DEFAULT = "Các văn bản đã ban hành"
DOCX_DOC_COLUMNS = ("STT", "Số, ký hiệu", "Ngày", "Trích yếu")
DOCX_DOC_SUMMARY = "{type} {summary}"
DOCX_RECIPIENTS = "Nơi nhận:"
DOCX_RECIPIENT_LINE = "- {name}{end}"
DOCX_SUBHEADING = "- {title}"
