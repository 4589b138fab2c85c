"""Vietnamese texts: limits on input (see the package docstring).

Texts of :mod:`cchc_tui.base.limits` and its readers (the bounded JSON reader, the template's
YAML check, the sizes of files and bundle members). Each names the field and the limit.
Placeholders use ``str.format`` names. Prefix: ``LIMIT_``.
"""

from __future__ import annotations

LIMIT_FILE_TOO_LARGE = "Tệp {file} lớn {size}, vượt giới hạn {limit} của loại tệp này."
LIMIT_TEXT_TOO_LONG = "{field} dài {size} ký tự, vượt giới hạn {limit} ký tự"
LIMIT_TOO_MANY = "{field} có quá {limit} mục (giới hạn {limit})"
LIMIT_TOO_DEEP = "{field} lồng nhau quá {limit} tầng (giới hạn {limit})"
LIMIT_TOO_MANY_VALUES = "tệp có quá {limit} giá trị (giới hạn {limit})"
LIMIT_NUMBER_TOO_LONG = "{field}: số “{text}…” dài quá {limit} ký tự"
LIMIT_NUMBER_DIGITS = "{field}: số {text} có quá {limit} chữ số có nghĩa"
LIMIT_NUMBER_TOO_BIG = "{field}: số {text} quá lớn (phải nhỏ hơn 10^{limit})"
LIMIT_NUMBER_TOO_SMALL = "{field}: số {text} quá nhỏ (ít nhất 10^-{limit} nếu khác 0)"
LIMIT_NUMBER_RANGE = "{field} phải là số nguyên từ {low} đến {high}"
LIMIT_DUPLICATE_KEY = "{field}: trường “{key}” xuất hiện hai lần"
LIMIT_ROOT = "gốc tệp"
LIMIT_WHOLE_FILE = "toàn tệp"
LIMIT_IN_FILE = "Tệp {file} bị từ chối: {reason}."
LIMIT_MANIFEST = "Tệp mô tả manifest.json bị từ chối: {reason}."
LIMIT_ARGUMENT = "Tham số {name} dài {size} ký tự, vượt giới hạn {limit} ký tự."

# --- JSON syntax (the bounded reader's own words, shown with line and column) --------------------
LIMIT_JSON_EXPECTING_VALUE = "cần một giá trị"
LIMIT_JSON_EXPECTING_KEY = "cần tên trường trong dấu ngoặc kép"
LIMIT_JSON_EXPECTING_COLON = "cần dấu “:”"
LIMIT_JSON_EXPECTING_COMMA = "cần dấu “,” hoặc dấu đóng ngoặc"
LIMIT_JSON_EXTRA = "còn dữ liệu thừa sau giá trị"
LIMIT_JSON_UNTERMINATED = "chuỗi chữ thiếu dấu ngoặc kép đóng"
LIMIT_JSON_CONTROL = "chuỗi chữ chứa ký tự điều khiển (xuống dòng, tab…) chưa viết dạng \\n, \\t"
LIMIT_JSON_ESCAPE = "chuỗi chữ có mã thoát “\\…” không hợp lệ"
LIMIT_JSON_SURROGATE = "chuỗi chữ có mã \\u… không phải một ký tự"

# --- Templates (YAML) -------------------------------------------------------------------------
LIMIT_YAML_ALIAS = (
    "mẫu không được dùng neo và bí danh YAML (“&…”, “*…”) (dòng {line}); hãy viết lại nội dung"
)
LIMIT_YAML_TOO_DEEP = "nội dung lồng nhau quá {limit} tầng (dòng {line})"
LIMIT_YAML_TOO_MANY = "mẫu có quá {limit} phần tử YAML (giới hạn {limit})"
LIMIT_YAML_SCALAR = "một giá trị dài quá {limit} ký tự (dòng {line})"
LIMIT_TEMPLATE_COUNT = "mẫu có quá {limit} {what} (giới hạn {limit})"
LIMIT_TEMPLATE_ROWS = "dòng chỉ tiêu"
LIMIT_TEMPLATE_FORMS = "biểu mẫu"
LIMIT_TEMPLATE_RULES = "quy tắc kiểm tra"
LIMIT_TEMPLATE_SECTIONS = "mục thuyết minh"

FIELD_LABELS = {
    "unit.code": "Mã đơn vị (unit.code)",
    "unit.name": "Tên đơn vị (unit.name)",
    "unit.agency": "Tên cơ quan (unit.agency)",
    "unit.province": "Tỉnh (unit.province)",
    "unit.district": "Huyện (unit.district)",
    "receiving_office": "Nơi nhận báo cáo (receiving_office)",
    "header.number": "Số văn bản (header.number)",
    "header.symbol": "Ký hiệu văn bản (header.symbol)",
    "header.title": "Trích yếu (header.title)",
    "header.basis": "Căn cứ (header.basis)",
    "header.closing": "Phần kết (header.closing)",
    "narrative": "Phần thuyết minh (narrative)",
    "narrative.*": "Thuyết minh mục {key} (narrative)",
    "values": "Số liệu (values)",
    "values.*": "Số liệu dòng {key} (values)",
    "notes": "Ghi chú (notes)",
    "notes.*": "Ghi chú dòng {key} (notes)",
    "explanations": "Giải trình (explanations)",
    "explanations.*": "Giải trình {key} (explanations)",
    "documents": "Danh mục văn bản (documents)",
    "documents[].number": "Số, ký hiệu văn bản {key} (documents)",
    "documents[].summary": "Trích yếu văn bản {key} (documents)",
    "documents[].type": "Loại văn bản {key} (documents)",
    "recipients": "Nơi nhận (recipients)",
    "findings": "Danh sách phát hiện (findings)",
    "signature.name": "Người ký (signature.name)",
    "signature.title": "Chức vụ người ký (signature.title)",
    "signoff.revision": "Lần ký (signoff.revision)",
    "revision": "Lần ký (revision)",
}
"""Officer-facing names of the fields most often named in a limit message, by field pattern
(``*`` any key, ``[]`` any position); ``{key}`` is the concrete key or position. Other fields
are named by their JSON path."""

# --- Typed or given text (service) ------------------------------------------------------------
LIMIT_FIELD_NARRATIVE = "Thuyết minh mục {key}"
LIMIT_FIELD_NOTE = "Ghi chú dòng {key}"
LIMIT_FIELD_EXPLANATION = "Giải trình {key}"
LIMIT_FIELD_DOC_TYPE = "Loại văn bản"
LIMIT_FIELD_DOC_NUMBER = "Số, ký hiệu văn bản"
LIMIT_FIELD_DOC_SUMMARY = "Trích yếu văn bản"
LIMIT_FIELD_SIGNER = "Người ký"
LIMIT_FIELD_SIGNER_TITLE = "Chức vụ người ký"
LIMIT_FIELD_NUMBER = "Số văn bản"
LIMIT_FIELD_REASON = "Lý do mở lại"
