"""Vietnamese texts: office (see the package docstring).

Texts of the receiving office (Sở Nội vụ since July 2025): registered unit keys, importing
bundles from a USB stick, the status of a period and the consolidated workbook
(``cchc_tui.office``). Every name starts with ``OFFICE_``. Placeholders use ``str.format`` names.
"""

from __future__ import annotations

# --- Command line help ------------------------------------------------------------------------
OFFICE_HELP = "cơ quan nhận báo cáo: khóa đơn vị, nhập gói, tình hình nộp, tổng hợp"
OFFICE_HELP_URL = (
    "địa chỉ cơ sở dữ liệu của cơ quan (ví dụ postgresql+psycopg://nguoidung@maychu/cchc); "
    "mặc định: --db, hoặc biến môi trường CCHC_OFFICE_DB, hoặc tệp office.sqlite3 "
    "trong thư mục dữ liệu"
)
OFFICE_HELP_KEYS = "khóa công khai đã đăng ký của các đơn vị"
OFFICE_HELP_KEYS_ADD = "đăng ký khóa công khai (tệp PEM) của một đơn vị"
OFFICE_HELP_KEYS_LIST = "liệt kê các khóa đã đăng ký"
OFFICE_HELP_UNIT_CODE = "mã đơn vị hành chính (ví dụ 11092)"
OFFICE_HELP_PEM = (
    "tệp khóa công khai của đơn vị (unit-….pub.pem), hoặc một gói .cchc.zip đơn vị đã ký "
    "(sau khi đã đối chiếu dấu vân tay qua điện thoại)"
)
OFFICE_HELP_NAME = "tên đơn vị (ví dụ “Xã Bình Lãng”), để hiện khi đơn vị chưa nộp"
OFFICE_HELP_REPLACE = "thay khóa đang dùng của đơn vị bằng khóa mới (khóa cũ được lưu lại)"
OFFICE_HELP_ALL = "hiện cả các khóa đã bị thay"
OFFICE_HELP_IMPORT = "nhập các gói .cchc.zip (tệp hoặc thư mục, ví dụ gốc USB)"
OFFICE_HELP_PATHS = "tệp gói hoặc thư mục (tìm cả trong thư mục con)"
OFFICE_HELP_STATUS = "tình hình nộp báo cáo của các đơn vị trong một kỳ"
OFFICE_HELP_PERIOD = "mã kỳ báo cáo (ví dụ 2023-nam)"
OFFICE_HELP_TEMPLATE = "chỉ tính mẫu báo cáo này (ví dụ hai-duong/xa/cchc-nam@2023)"
OFFICE_HELP_XLSX = "ghi thêm ra tệp Excel"
OFFICE_HELP_CONSOLIDATE = "tổng hợp số liệu các đơn vị của một kỳ ra tệp Excel"
OFFICE_HELP_OUT = "tệp Excel kết quả (.xlsx)"

OFFICE_DRAFT_REFUSED = (
    "Đây là bản dự thảo (DỰ THẢO), không phải báo cáo đã ký: cơ quan không nhận. "
    "Đề nghị xã gửi gói đã ký (tệp .cchc.zip)."
)

# --- Opening the office database --------------------------------------------------------------
OFFICE_DB_DRIVER_MISSING = (
    "Chưa cài trình điều khiển cơ sở dữ liệu cho “{url}” ({reason}). "
    'Với PostgreSQL cần cài gói psycopg (pip install "psycopg[binary]").'
)
OFFICE_DB_SQLITE_URL = "sqlite:///TỆP"
OFFICE_DB_URL_FAILED = "Không mở được cơ sở dữ liệu {url}: {reason}"

# --- Registered keys --------------------------------------------------------------------------
OFFICE_KEY_FILE_UNREADABLE = "Không đọc được tệp khóa “{path}”: {reason}"
OFFICE_KEY_FILE_INVALID = (
    "Tệp “{path}” không phải khóa công khai Ed25519 dạng PEM "
    "(cần tệp unit-….pub.pem do ứng dụng của xã tạo, in bằng lệnh “cchc keys show”)."
)
OFFICE_KEY_UNIT_EMPTY = "Chưa nhập mã đơn vị."
OFFICE_KEY_ADDED = "Đã đăng ký khóa của đơn vị {unit}: dấu vân tay {fingerprint}"
OFFICE_KEY_SAME = "Khóa này đã được đăng ký cho đơn vị {unit} từ {added}; không thay đổi gì."
OFFICE_KEY_REPLACED = (
    "Đã thay khóa của đơn vị {unit}: khóa mới {fingerprint} (khóa cũ {old} được lưu lại, "
    "không còn dùng để xác thực gói mới)."
)
OFFICE_KEY_EXISTS = (
    "Đơn vị {unit} đã có khóa đăng ký khác (dấu vân tay {old}). Đối chiếu với xã; "
    "nếu xã thật sự đã đổi khóa, chạy lại lệnh với --replace."
)
OFFICE_KEY_USED_BY_OTHER = (
    "Khóa này đã được đăng ký cho đơn vị khác ({other}). Mỗi đơn vị có khóa riêng: "
    "kiểm tra lại tệp khóa."
)
OFFICE_KEY_HELD_HINT = (
    "Có {count} gói của đơn vị này đang giữ lại (chưa xác thực). "
    "Nhập lại các gói đó (cchc office import …) để xác thực và đưa vào tổng hợp."
)
OFFICE_KEYS_NONE = "Chưa đăng ký khóa của đơn vị nào (cchc office keys add MÃ_ĐƠN_VỊ TỆP_PEM)."
OFFICE_KEYS_HEADER = ("Mã đơn vị", "Tên đơn vị", "Dấu vân tay", "Đăng ký lúc", "Thay lúc")

# --- Import -----------------------------------------------------------------------------------
OFFICE_PATH_MISSING = "Không tìm thấy “{path}” (USB đã được rút ra, hoặc gõ sai đường dẫn)."
OFFICE_NO_BUNDLES = "Không tìm thấy gói báo cáo (*.cchc.zip) nào trong: {paths}"
OFFICE_IMPORTED = "[ĐÃ NHẬP] {file}: {unit}, kỳ {period}, lần {revision}."
OFFICE_SUPERSEDED = (
    "[ĐÃ NHẬP – THAY LẦN CŨ] {file}: {unit}, kỳ {period}, lần {revision} thay lần {old} "
    "(lần {old} vẫn được lưu, không còn tính)."
)
OFFICE_ALREADY = "[ĐÃ CÓ] {file}: gói này đã được nhập trước đây; không thay đổi gì."
OFFICE_ALREADY_SAME_REPORT = (
    "[ĐÃ CÓ] {file}: {unit}, kỳ {period}, lần {revision} đã được nhập "
    "(cùng nội dung báo cáo, chỉ xuất gói lại); không thay đổi gì."
)
OFFICE_OLDER = (
    "[TỪ CHỐI – CŨ HƠN] {file}: {unit}, kỳ {period}, lần {revision} cũ hơn lần {current} "
    "đã nhận; không nhập."
)
OFFICE_CONFLICT = (
    "[TỪ CHỐI – TRÙNG LẦN KÝ] {file}: {unit}, kỳ {period}, lần {revision} đã nhận một bản "
    "khác nội dung. Đề nghị xã kiểm tra: mỗi lần sửa phải mở lại và ký thành lần mới."
)
OFFICE_HELD = "[CHƯA XÁC THỰC – GIỮ LẠI] {file}: {unit}, kỳ {period}, lần {revision}. {reason}"
OFFICE_ALREADY_HELD = (
    "[CHƯA XÁC THỰC – ĐÃ GIỮ] {file}: gói này đã được giữ lại trước đây, vẫn chưa xác thực. "
    "{reason}"
)
OFFICE_HELD_NO_KEY = (
    "Đơn vị chưa đăng ký khóa với cơ quan; khóa trong gói có dấu vân tay {fingerprint}. "
    "Đối chiếu dấu vân tay với xã, đăng ký khóa (cchc office keys add) rồi nhập lại gói."
)
OFFICE_HELD_OTHER_KEY = (
    "Gói được ký bằng khóa khác với khóa đã đăng ký của đơn vị (khóa trong gói: {fingerprint}; "
    "khóa đã đăng ký: {registered}). Liên hệ xã trước khi dùng."
)
OFFICE_HELD_KEY_CHANGE_UNSIGNED = (
    "Đơn vị báo đã đổi khóa ký lúc {at} (lý do: “{reason}”) nhưng lời khai đổi khóa không được "
    "ký bằng khóa đã đăng ký ({registered}), vì máy của xã không còn khóa cũ. Gọi điện cho xã "
    "(số điện thoại trong danh bạ của cơ quan, không dùng số ghi trong gói), đọc đối chiếu "
    "từng nhóm của dấu vân tay khóa mới {fingerprint}; nếu đúng, đăng ký khóa mới từ chính "
    "gói này: cchc office keys add {unit} TỆP-GÓI.cchc.zip --replace, rồi nhập lại gói."
)
OFFICE_KEY_BUNDLE_INVALID = "Không lấy được khóa từ gói “{path}”: gói không hợp lệ. {problems}"
OFFICE_KEY_BUNDLE_OTHER_UNIT = (
    "Gói “{path}” là của đơn vị {bundle}, không phải của đơn vị {unit}: không đăng ký khóa."
)
OFFICE_KEY_CHANGE_FORGED = (
    "Gói có lời khai đổi khóa mang chữ ký KHÔNG phải của khóa đã đăng ký ({registered}): có "
    "thể là gói giả mạo. Không đăng ký khóa trong gói; gọi điện cho xã theo số trong danh bạ "
    "của cơ quan."
)
OFFICE_KEY_CHANGE_ACCEPTED = (
    "  Đơn vị đã đổi khóa ký lúc {at} (lý do: “{reason}”): khóa mới {fingerprint} được nhận "
    "vì lời khai đổi khóa được ký bằng khóa đã đăng ký."
)
OFFICE_INVALID = "[KHÔNG HỢP LỆ] {file}:"
OFFICE_UNREADABLE = "[KHÔNG ĐỌC ĐƯỢC] {file}:"
OFFICE_PROBLEM_LINE = "  - {problem}"
OFFICE_REPORT_JSON_BAD = "Tệp số liệu report.json trong gói không đọc được: {reason}"
OFFICE_MISMATCH = (
    "Thông tin “{field}” trong tệp mô tả ({manifest}) khác với trong số liệu báo cáo ({report})."
)
OFFICE_VALUE_BAD = "Số liệu dòng {key} không hợp lệ: {reason}"
OFFICE_IMPORT_SUMMARY = (
    "Tổng cộng {total} gói: đã nhập {imported} (trong đó thay lần cũ {superseded}), "
    "đã có {already}, giữ lại chưa xác thực {held}, từ chối {refused}, "
    "không hợp lệ {invalid}."
)

# --- Status -----------------------------------------------------------------------------------
OFFICE_STATE_REPORTED = "Đã nộp"
OFFICE_STATE_MISSING = "Chưa nộp"
OFFICE_STATE_HELD = "Chưa xác thực"
OFFICE_STATUS_HEADER = (
    "Mã đơn vị",
    "Đơn vị",
    "Tình trạng",
    "Lần",
    "Ký lúc",
    "Lỗi",
    "Cảnh báo chưa giải trình",
    "Gói chưa xác thực",
    "Mẫu báo cáo",
)
OFFICE_STATUS_TITLE = "TÌNH HÌNH NỘP BÁO CÁO CCHC – KỲ {period}"
OFFICE_STATUS_MADE = "Lập lúc {at} (giờ Việt Nam). Chỉ tính bản ký đã xác thực, lần mới nhất."
OFFICE_STATUS_SUMMARY = (
    "{units} đơn vị: đã nộp {reported}, chưa nộp {missing}, chưa xác thực {held}; "
    "có lỗi {errors}, có cảnh báo chưa giải trình {unexplained}."
)
OFFICE_STATUS_NO_UNITS = (
    "Cơ quan chưa biết đơn vị nào: đăng ký khóa (cchc office keys add) hoặc nhập gói trước."
)
OFFICE_STATUS_SHEET = "Tình hình nộp"
OFFICE_XLSX_WRITTEN = "Đã ghi tệp Excel {file}."

# --- Consolidation ----------------------------------------------------------------------------
OFFICE_CONS_NOTHING = (
    "Kỳ {period} chưa có báo cáo nào đã xác thực để tổng hợp (xem: cchc office status "
    "--period {period})."
)
OFFICE_CONS_MANY_TEMPLATES = (
    "Kỳ {period} có báo cáo theo nhiều mẫu khác nhau ({templates}); chọn một mẫu bằng --template."
)
OFFICE_CONS_TEMPLATE_NONE = "Kỳ {period} không có báo cáo đã xác thực theo mẫu {template}."
OFFICE_CONS_DONE = (
    "Đã tổng hợp {units} đơn vị, kỳ {period}, mẫu {template} vào {file} "
    "({forms} biểu mẫu). Chưa tính: {excluded} đơn vị (chưa nộp hoặc chưa xác thực)."
)
OFFICE_CONS_INFO_SHEET = "Thông tin"
OFFICE_CONS_NOTES_SHEET = "Ghi chú, giải trình"
OFFICE_CONS_FORM_SHEET = "Biểu mẫu {number}"
OFFICE_CONS_TITLE = "TỔNG HỢP SỐ LIỆU CCHC – KỲ {period}"
OFFICE_CONS_FORM_TITLE = "Biểu mẫu {number}: {title}"
OFFICE_CONS_FORM_SUBTITLE = (
    "Tổng hợp {units} đơn vị, kỳ {period}. Chỉ tính bản ký đã xác thực, lần mới nhất. "
    "Tỷ lệ được tính lại từ số liệu đã cộng, không lấy trung bình."
)
OFFICE_CONS_COL_STT = "STT"
OFFICE_CONS_COL_LABEL = "Chỉ tiêu"
OFFICE_CONS_COL_UNIT = "Đơn vị tính"
OFFICE_CONS_COL_TOTAL = "Tổng cộng"
OFFICE_CONS_COL_FILLED = "Số đơn vị có số liệu"
OFFICE_CONS_COL_HOW = "Cách tính tổng"
OFFICE_CONS_HOW_SUM = "Cộng các đơn vị"
OFFICE_CONS_HOW_DERIVE = "Tính lại từ số đã cộng: {expr}"
OFFICE_CONS_HOW_CODES = "Đếm số đơn vị theo mã"
OFFICE_CONS_HOW_PERCENT = "Tỷ lệ không có số liệu thành phần: không cộng, xem từng đơn vị"
OFFICE_CONS_HOW_DECIMAL = "Số thập phân (có thể là điểm): không cộng, xem từng đơn vị"
OFFICE_CONS_HOW_TEXT = "Chữ: xem từng đơn vị"
OFFICE_CONS_CODE_COUNT = "{code} – {label}: {count}"
OFFICE_CONS_CODE_EMPTY = "chưa nhập: {count}"
OFFICE_CONS_INFO_LINES = (
    ("Kỳ báo cáo", "{period}"),
    ("Mẫu báo cáo", "{template}"),
    ("Tên mẫu", "{title}"),
    ("Số đơn vị được tổng hợp", "{units}"),
    ("Số đơn vị chưa tính", "{excluded}"),
    ("Lập lúc (giờ Việt Nam)", "{at}"),
)
OFFICE_CONS_INCLUDED_HEADER = (
    "Mã đơn vị",
    "Đơn vị",
    "Lần",
    "Ký lúc",
    "Người ký",
    "Số văn bản",
)
OFFICE_CONS_INCLUDED_TITLE = "Các đơn vị được tổng hợp"
OFFICE_CONS_EXCLUDED_TITLE = "Các đơn vị chưa được tính"
OFFICE_CONS_EXCLUDED_HEADER = ("Mã đơn vị", "Đơn vị", "Lý do")
OFFICE_CONS_NOTES_HEADER = (
    "Mã đơn vị",
    "Đơn vị",
    "Loại",
    "Dòng / mã",
    "Chỉ tiêu / cảnh báo",
    "Nội dung",
)
OFFICE_CONS_KIND_NOTE = "Ghi chú"
OFFICE_CONS_KIND_EXPLANATION = "Giải trình"
OFFICE_CONS_NO_NOTES = "Không có ghi chú hay giải trình nào."

# --- Office screens (cchc_tui/screens/office.py) -----------------------------------------------
OFFICE_RECEIVED_CURRENT = "Đang dùng"
OFFICE_RECEIVED_OLD = "Lần cũ"
OFFICE_TITLE = "Cơ quan nhận báo cáo — kỳ {period}"
OFFICE_PERIOD = "Kỳ báo cáo (ví dụ 2023-nam)"
OFFICE_NO_PERIOD = "Chưa nhận gói nào. Bấm Ctrl+O để nhập gói từ USB."
OFFICE_RECEIVED_TITLE = "Các gói đã nhận"
OFFICE_RECEIVED_COLUMNS = ("Nhận lúc", "Đơn vị", "Kỳ", "Lần", "Trạng thái", "Tệp")
OFFICE_STATUS_COLUMNS = ("Mã", "Đơn vị", "Tình trạng", "Lần", "Lỗi", "C.báo", "Giữ")
OFFICE_IMPORT_TITLE = "Nhập gói báo cáo từ thư mục (gốc USB) hoặc tệp"
OFFICE_IMPORT_HINT = "Mọi tệp .cchc.zip trong thư mục (cả thư mục con) được kiểm tra rồi mới nhập."
OFFICE_IMPORTING = "Đang nhập {done}/{total}: {file}"
OFFICE_NOT_REPORTED = "Đơn vị này chưa có báo cáo đã xác thực trong kỳ."
KEY_OFFICE_IMPORT = "Nhập gói"
KEY_OFFICE_RECEIVED = "Gói đã nhận"
KEY_OFFICE_PERIOD = "Đổi kỳ"
KEY_OFFICE_OPEN = "Xem báo cáo"
