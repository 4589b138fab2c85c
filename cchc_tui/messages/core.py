"""Vietnamese texts: core — numbers, values, findings, templates, interchange, store, CLI.

Placeholders use ``str.format`` names. Code, identifiers and comments stay English.
"""

from __future__ import annotations

# --- Numbers (cchc_tui.base.numbers) -------------------------------------------------------
NUM_SPACE = "Số không được chứa khoảng trắng (viết 10.900 hoặc 10900)."
NUM_EXPONENT = "Không dùng dạng lũy thừa (e, E); hãy viết đủ các chữ số."
NUM_NON_ASCII_DIGIT = "Ký tự “{ch}” không phải chữ số thông thường; chỉ dùng các phím 0–9."
NUM_BAD_CHAR = "Ký tự “{ch}” không dùng được trong số; chỉ dùng 0–9, dấu chấm và dấu phẩy."
NUM_MINUS_PLACE = "Dấu trừ chỉ được đứng đầu số."
NUM_TWO_COMMAS = "Số chỉ có một dấu phẩy thập phân (ví dụ 94,3)."
NUM_COMMA_END = "Sau dấu phẩy thập phân phải có chữ số (ví dụ 94,3)."
NUM_DOT_AFTER_COMMA = "Dấu chấm phân cách hàng nghìn phải đứng trước dấu phẩy (ví dụ 1.234,5)."
NUM_EMPTY = "Không đọc được số."
NUM_NO_INT_PART = "Trước dấu phẩy phải có chữ số (viết 0,5 chứ không viết ,5)."
NUM_BAD_GROUPING = (
    "“{text}” không rõ nghĩa: dấu chấm chỉ dùng phân cách hàng nghìn (10.900); "
    "phần thập phân dùng dấu phẩy (94,3)."
)
NUM_TOO_LONG = "Số quá dài (tối đa {n} chữ số)."

# --- Values by row kind (cchc_tui.domain.values) ---------------------------------------------
VAL_NOT_WHOLE = "Chỉ tiêu này đếm số lượng: phải là số nguyên, không có phần thập phân."
VAL_NEGATIVE = "Giá trị không được âm."
VAL_PERCENT_RANGE = "Tỷ lệ phải từ 0 đến 100%."
VAL_BELOW_MIN = "Giá trị phải từ {min} trở lên."
VAL_ABOVE_MAX = "Giá trị không được vượt quá {max}."
VAL_BAD_CODE = "Mã “{value}” không có trong danh sách: {codes}."
VAL_TOO_MANY_DECIMALS = "Chỉ ghi tối đa {n} chữ số thập phân."
VAL_NOT_EDITABLE = "Dòng này được tính tự động, không nhập tay."
VAL_WRONG_TYPE = "Giá trị “{value}” không đúng kiểu của chỉ tiêu ({kind})."

KIND_LABELS = {
    "count": "số nguyên",
    "decimal": "số",
    "percent": "tỷ lệ %",
    "money": "số tiền (triệu đồng)",
    "code": "mã",
    "text": "chữ",
    "heading": "tiêu đề nhóm",
}

# --- Findings (cchc_tui.domain.validation) ---------------------------------------------------
FIND_MISSING = "Chưa nhập giá trị cho chỉ tiêu bắt buộc."
FIND_NOT_APPLICABLE_PRINTED = (
    "Mẫu số bằng 0 nên tỷ lệ là “không phát sinh”, nhưng báo cáo ghi {printed}."
)
FIND_PRINTED_ROUNDING = "Số ghi trong báo cáo ({printed}) làm tròn chưa đúng; tính từ các dòng liên quan được {expected}."
FIND_PRINTED_MISMATCH = (
    "Số ghi trong báo cáo ({printed}) khác số tính từ các dòng liên quan ({expected}); "
    "ứng dụng dùng số tính được."
)
FIND_WHOLE_ROW = "“{label}” (dòng {stt})"
FIND_WHOLE_EXPR = "giới hạn {expr}"
FIND_AT_MOST = "Giá trị ({actual}) lớn hơn {whole_label} ({expected})."
FIND_NONE_CODE_WITH_DETAIL = (
    "Đã chọn “{code_label}” nhưng các dòng chi tiết vẫn có số liệu: {rows}."
)
FIND_DOC_COUNT = "Chỉ tiêu ghi {actual} văn bản nhưng phụ lục liệt kê {expected} văn bản."
FIND_DOC_NO_SYMBOL = "Văn bản số “{number}” thiếu ký hiệu (ví dụ 24/KH-UBND)."
FIND_DOC_BAD_NUMBER = "Số, ký hiệu “{number}” không đúng dạng (ví dụ 24/KH-UBND)."
FIND_DOC_TYPE_SYMBOL = (
    "Văn bản ghi loại “{type}” nhưng ký hiệu “{symbol}” là của loại “{symbol_type}”."
)
FIND_DOC_ORDER = (
    "Số văn bản {number} ngày {date} nhỏ hơn số {prev_number} ban hành trước đó "
    "(ngày {prev_date}) trong cùng loại: kiểm tra lại số."
)
FIND_DOC_AFTER_REPORT = "Ngày ban hành {date} sau ngày báo cáo {report_date}."
FIND_SECTION_EMPTY = "Chưa viết nội dung cho mục này."
NOT_APPLICABLE = "không phát sinh"
SEVERITY_LABELS = {"error": "Lỗi", "warning": "Cảnh báo"}

# --- Templates (cchc_tui.template.loader) ----------------------------------------------------
TPL_UNREADABLE = "Không đọc được tệp mẫu {file}: {reason}"
TPL_INVALID = "Tệp mẫu {file} sai ở {where}: {reason}"
TPL_DUP_KEY = "khóa dòng “{key}” bị trùng"
TPL_DUP_SECTION = "khóa mục “{key}” bị trùng"
TPL_BAD_REF = "biểu thức “{expr}” nhắc tới dòng “{ref}” không có trong mẫu"
TPL_BAD_EXPR = "biểu thức “{expr}” không hợp lệ: {reason}"
TPL_CYCLE = "các dòng tính vòng tròn lẫn nhau: {keys}"
TPL_CODES_MISSING = "dòng kiểu mã phải có danh sách mã (codes)"
TPL_CODES_UNEXPECTED = "chỉ dòng kiểu mã mới có danh sách mã (codes)"
TPL_NONE_CODE = "none_code {code} không có trong danh sách mã"
TPL_DERIVED_TEXT = "dòng chữ hoặc dòng tiêu đề không thể tính tự động"
TPL_HEADING_VALUE = "dòng tiêu đề không có giá trị nên không có at_most"
TPL_NOT_FOUND = "Không có mẫu báo cáo “{id}”."
TPL_COUNT_ROW = "dòng đếm văn bản “{key}” không có trong mẫu"

# --- Interchange (cchc_tui.domain.interchange) -----------------------------------------------
JSON_UNREADABLE = "Không đọc được tệp {file}: {reason}"
JSON_NOT_JSON = "Tệp {file} không phải JSON hợp lệ (dòng {line}, cột {col}): {reason}"
JSON_BAD_FORMAT = (
    "Tệp {file} không phải báo cáo định dạng cchc-report/1 (trường format là {found})."
)
JSON_INVALID = "Tệp {file} sai ở {where}: {reason}"
JSON_UNKNOWN_ROW = "dòng “{key}” không có trong mẫu {template}"
JSON_UNKNOWN_SECTION = "mục “{key}” không có trong mẫu {template}"
JSON_BAD_DATE = "ngày “{value}” phải có dạng YYYY-MM-DD"
JSON_PERIOD_ORDER = "ngày bắt đầu kỳ báo cáo sau ngày kết thúc"
JSON_NOT_OBJECT = "phải là một đối tượng JSON {…}"
JSON_MISSING_FIELD = "thiếu trường này"
JSON_NOT_TEXT = "phải là chuỗi chữ"
JSON_TEXT_ROW = "dòng chữ phải là chuỗi"
JSON_NOT_NUMBER = "phải là số JSON, không phải {value}"
JSON_CODE_NOT_INT = "mã phải là số nguyên"
JSON_DEFAULT_NAME = "báo cáo"
JSON_PLACE_ROOT = "gốc tệp"
JSON_PLACE_TOP = "gốc"
JSON_UNIT_CODE_EMPTY = "mã đơn vị không được để trống"
JSON_NOT_LIST = "phải là một danh sách […]"
JSON_NOT_TEXT_LIST = "phải là danh sách chuỗi chữ"
JSON_CONSTANT = "không chấp nhận {name}"

# --- Store (cchc_tui.db) ---------------------------------------------------------------------
DB_BUSY = (
    "Cơ sở dữ liệu {path} đang được một cửa sổ cchc khác sử dụng. Hãy đóng cửa sổ đó rồi mở lại."
)
DB_UNREADABLE = "Không mở được cơ sở dữ liệu {path}: {reason}"
DB_MIGRATIONS_MISSING = (
    "bản cài thiếu các tệp nâng cấp cơ sở dữ liệu (thư mục {folder}). "
    "Hãy cài lại phần mềm từ bộ cài."
)
DB_REPORT_NOT_FOUND = "Không có báo cáo số {id}."
DB_UNKNOWN_ROW = "Mẫu {template} không có dòng {key}."
DB_REPORT_LOCKED = "Báo cáo đã ký duyệt (lần {revision}) nên không sửa được."
DB_DUPLICATE_REPORT = "Đã có báo cáo của {unit} kỳ {period} (mã báo cáo {id}); không nhập trùng."

# --- Command line (cchc_tui.cli) -------------------------------------------------------------
CLI_DESCRIPTION = "Báo cáo cải cách hành chính (CCHC) cấp xã — làm việc không cần mạng."
CLI_SAMPLE_LOADED = "Đã nạp báo cáo mẫu: mã báo cáo {id}"
CLI_SAMPLE_EXISTS = "Báo cáo mẫu đã có sẵn: mã báo cáo {id}"
CLI_IMPORTED = "Đã nhập báo cáo: mã báo cáo {id}"
CLI_EXPORTED = "Đã xuất báo cáo {id} ra {file}"
CLI_NO_REPORTS = "Chưa có báo cáo nào. Gõ “cchc sample load” để nạp báo cáo mẫu."
CLI_CHECK_SUMMARY = "{errors} lỗi, {warnings} cảnh báo."
CLI_TEMPLATE_OK = "Mẫu {id} hợp lệ: {sections} mục, {forms} biểu mẫu, {rows} chỉ tiêu."
CLI_ERROR = "Lỗi: {message}"
ERROR_UNEXPECTED = "Lỗi không mong đợi, đã ghi vào nhật ký: {path}"
ERROR_UNEXPECTED_NO_LOG = (
    "Lỗi không mong đợi (không ghi được nhật ký). Dữ liệu đã xác nhận vẫn được giữ nguyên."
)
CLI_REPORT_HEADER = ("Mã", "Đơn vị", "Kỳ báo cáo", "Mẫu", "Trạng thái", "Lần")
CLI_FINDING_HEADER = ("Mức", "Dòng", "Nội dung", "Đúng ra là")
CLI_TEMPLATE_HEADER = ("Mẫu", "Tên", "Tỉnh", "Kỳ", "Biểu mẫu")

STATUS_LABELS = {"draft": "Đang nhập", "signed": "Đã ký duyệt"}
STATUS_REVISION = "{status} (lần {revision})"
PERIOD_KIND_LABELS = {"quy": "Quý", "6thang": "6 tháng", "9thang": "9 tháng", "nam": "Năm"}
UNIT_KIND_LABELS = {"xa": "Xã", "phuong": "Phường", "thi_tran": "Thị trấn"}
AGENCY_NAME = "Ủy ban nhân dân {kind} {name}"
"""The issuing agency of a new report ("Ủy ban nhân dân xã Tân Kỳ")."""

# --- Dates and documents (cchc_tui.domain.documents) -----------------------------------------
DATE_BAD = "Ngày “{text}” không đúng dạng ngày/tháng/năm (ví dụ 07/3/2023)."
DATE_IMPOSSIBLE = "Ngày {text} không có thật."
DOC_TYPE_EMPTY = "Chọn loại văn bản."
DOC_SUMMARY_EMPTY = "Ghi trích yếu nội dung văn bản."
TPL_YAML = "không phải YAML hợp lệ (dòng {line}, cột {col}): {problem}"
TPL_NOT_MAPPING = "tệp phải là một bảng khóa–giá trị (mapping)"
TPL_NO_STT = "dòng không có STT thì phải có khóa (key)"
TPL_SCHEMA = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường này không có trong định dạng mẫu",
    "enum": "giá trị “{input}” không hợp lệ; chọn một trong: {expected}",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "string_type": "phải là chuỗi chữ",
    "list_type": "phải là danh sách",
    "dict_type": "phải là bảng khóa–giá trị",
    "model_type": "phải là bảng khóa–giá trị",
    "model_attributes_type": "phải là bảng khóa–giá trị",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "float_parsing": "phải là số",
    "float_type": "phải là số",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
}
TPL_SCHEMA_OTHER = "không hợp lệ ({detail})"
EXPR_SYNTAX = "sai cú pháp"
EXPR_FORBIDDEN = "chỉ dùng số, dòng {…}, phép tính và hàm có sẵn"
EXPR_UNKNOWN_FUNCTION = (
    "không có hàm “{name}” (có: ratio, total, tier, filled, abs, min, max, documents_count)"
)
EXPR_UNKNOWN_NAME = "không có tên “{name}”; dòng được viết trong ngoặc nhọn, ví dụ {{2.1}}"

# --- Files given by the officer (cchc_tui.base.inputs) ---------------------------------------
INPUT_UNREADABLE = "Không đọc được tệp {path}: {reason}"
INPUT_NOT_UTF8 = "Tệp {path} không phải văn bản UTF-8."

# --- Backup and restore (cchc_tui.service.backup) --------------------------------------------
BACKUP_NO_DATABASE = "Chưa có cơ sở dữ liệu {path} để sao lưu."
BACKUP_REFUSED = "Không khôi phục được từ {file}: {reason}"
BACKUP_DAMAGED = (
    "tệp bị hỏng (thiếu phần hoặc sai mã kiểm tra) hoặc không phải tệp sao lưu; không thay đổi gì."
)
BACKUP_NOT_OURS = "đây không phải tệp sao lưu của ứng dụng cchc; không thay đổi gì."
BACKUP_TOO_LARGE = "tệp quá lớn để là một bản sao lưu; không thay đổi gì."
BACKUP_TOO_NEW = "bản sao lưu do phiên bản ứng dụng mới hơn làm (cấu trúc {schema}); hãy cập nhật ứng dụng trước."
BACKUP_WOULD_LOSE = (
    "Cơ sở dữ liệu trên máy này có thay đổi mới hơn bản sao lưu (lần sửa cuối {here}, bản sao lưu "
    "{backup}). Khôi phục sẽ mất các thay đổi đó; nếu chắc chắn, chọn thay thế (--replace)."
)
BACKUP_OTHER_KEY = (
    "Máy này đã có khóa ký {file} khác với khóa trong bản sao lưu. Khôi phục sẽ thay khóa; "
    "nếu chắc chắn, chọn thay thế (--replace)."
)
BACKUP_DONE = "Đã sao lưu vào {file} ({size}): cơ sở dữ liệu, {keys} tệp khóa ký{settings}."
RESTORE_DONE = "Đã khôi phục cơ sở dữ liệu {database}, {keys} tệp khóa ký{settings}."
RESTORE_SETTINGS = ", cài đặt"
BACKUP_REMINDER = (
    "Nhớ sao lưu (cchc backup hoặc nút Sao lưu) vào chính USB này sau mỗi lần ký duyệt."
)

# --- Opening a file with the PC's program (cchc_tui.base.desktop) ---------------------------
OPEN_NO_PROGRAM = (
    "Máy này không có phần mềm mở được tệp {file}. Hãy mở tệp bằng tay (ví dụ bằng Word, "
    "Excel hoặc LibreOffice)."
)

# --- Keys of forms and rows (cchc_tui.base.ids) ----------------------------------------------
KEY_NOT_FORM = "“{text}” không phải khóa biểu mẫu (BM và số, ví dụ BM3)"
KEY_NOT_ROW = "“{text}” không phải khóa dòng (ví dụ BM3/3.3.1: biểu mẫu, dấu /, STT)"

# --- Places inside a template file (cchc_tui.template.loader) --------------------------------
TPL_PLACE_FORM = "Biểu mẫu {number}"
TPL_PLACE_ROW = "dòng {key}"
TPL_PLACE_NTH = "thứ {n}"
TPL_PLACE_SECTION = "mục {key}"
TPL_PLACE_RULE = "Biểu mẫu {number}, quy tắc {key}"
TPL_PLACE_FIELD = "trường {name}"
TPL_PLACE_APPENDIX = "phụ lục"
TPL_PLACE_ROOT = "gốc tệp"
TPL_PLACE_SEP = ", "
TPL_SCHEMA_OR = " hoặc "

# --- The application layer (cchc_tui.service) ------------------------------------------------
ERROR_LOCKED = "Báo cáo đã ký duyệt nên không sửa được."
ERROR_READ_ONLY = (
    "Báo cáo nhận từ đơn vị chỉ để xem: cơ quan nhận không sửa, không ký, không mở lại, "
    "không xuất lại. Muốn sửa, đơn vị mở lại trên máy của mình và gửi lần mới."
)

# --- Sign-off (cchc_tui.domain.signoff, cchc_tui.db.store) ------------------------------------
SIGN_NOT_READY = "Chưa ký duyệt được, còn {count} việc phải làm:"
SIGN_ERROR_LINE = "Lỗi ở {key}: {message}"
SIGN_HEADER_LINE = "Thông tin văn bản: {message}"
SIGN_WARNING_LINE = "Cảnh báo chưa giải trình ở {key}: {message}"
SIGN_ALREADY = "Báo cáo này đã ký duyệt (lần {revision}) lúc {at}."
SIGN_NEED_SIGNER = "Cần ghi họ tên và chức danh người ký."
SIGN_NAME_NOT_A_NAME = (
    "Họ tên người ký “{name}” chỉ được gồm chữ cái và dấu cách, không có chữ số hay ký hiệu."
)
SIGN_TITLE_NOT_A_TITLE = "Chức vụ người ký “{title}” chỉ được gồm chữ cái, dấu chấm sau KT./Q. và dấu “/”, không có chữ số."
SIGN_DONE = "Đã ký duyệt báo cáo {id} (lần {revision}): {title} {name}."
SIGN_NOT_SIGNED = "Báo cáo {id} chưa ký duyệt nên chưa xuất gói được."
REOPEN_NEED_REASON = "Cần ghi lý do mở lại báo cáo đã ký."
REOPEN_NOT_SIGNED = "Báo cáo chưa ký duyệt; cứ sửa trực tiếp, không cần mở lại."
REOPEN_DONE = "Đã mở lại thành lần {revision} (mã báo cáo {id}); lần {old} đã ký vẫn giữ nguyên."
SIGN_ON_BEHALF_DEFAULT = "TM. ỦY BAN NHÂN DÂN"
SIGNER_TITLE_DEFAULT = "CHỦ TỊCH"
SIGNER_TITLES = ("CHỦ TỊCH", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")
EXPLAIN_NO_WARNING = "Dòng {key} không có cảnh báo nào để giải trình."
EXPLAIN_IS_ERROR = "Ở {key} là lỗi, không phải cảnh báo: phải sửa số liệu chứ không giải trình."
EXPLAIN_DONE = "Đã lưu lời giải trình cho {ids}."
FIND_CHILDREN_SUM = "Dòng ghi {actual} nhưng các dòng chi tiết cộng lại được {expected}."
FIND_EVIDENCE_MISSING = "Tài liệu kiểm chứng “{number}” không có trong phụ lục văn bản."
SAMPLE_UNKNOWN = "Không có báo cáo mẫu “{name}”. Các mẫu có: {names}."
CLI_SAMPLE_LIST_HEADER = ("Tên", "Đơn vị", "Kỳ", "Mẫu báo cáo")
DB_OPENING = "Đang mở cơ sở dữ liệu…"
