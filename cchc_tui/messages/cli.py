"""Vietnamese texts: the command lines' help and argparse's own messages (see the package
docstring).

``ARGPARSE`` translates the English texts Python's argparse prints itself ("usage:",
"options:", "the following arguments are required: %s"…), keyed by argparse's own text
(Python 3.11–3.13); :mod:`cchc_tui.cli.argparse_vi` installs it.
"""

from __future__ import annotations

# --- cchc ------------------------------------------------------------------------------------
CLI_HELP_DB = (
    "tệp cơ sở dữ liệu (mặc định: thư mục dữ liệu của người dùng, hoặc biến môi trường CCHC_DB)"
)
CLI_HELP_OFFICE = "mở giao diện của cơ quan nhận báo cáo (cơ sở dữ liệu của cơ quan)"
CLI_HELP_VERSION = "in phiên bản rồi thoát"
CLI_VERSION = "cchc {version}"
CLI_HELP_INFO = "thông tin: phiên bản, cơ sở dữ liệu, thư mục khóa, tệp nhật ký, mẫu báo cáo"
CLI_HELP_SAMPLE = "báo cáo mẫu"
CLI_HELP_SAMPLE_LOAD = "nạp báo cáo mẫu vào cơ sở dữ liệu"
CLI_HELP_SAMPLE_NAME = "tên báo cáo mẫu (xem: cchc sample list)"
CLI_HELP_SAMPLE_LIST = "liệt kê các báo cáo mẫu"
CLI_HELP_REPORT = "báo cáo trong cơ sở dữ liệu"
CLI_HELP_REPORT_LIST = "liệt kê các báo cáo"
CLI_HELP_IMPORT_JSON = "nhập báo cáo từ tệp JSON cchc-report/1"
CLI_HELP_EXPORT_JSON = "xuất báo cáo ra tệp JSON cchc-report/1"
CLI_HELP_REPORT_ID = "mã báo cáo (xem: cchc report list)"
CLI_HELP_JSON_FILE = "tệp JSON"
CLI_HELP_EXPLAIN = "giải trình cảnh báo của một dòng"
CLI_HELP_ROW_KEY = "khóa dòng (ví dụ BM6/1) hoặc mã cảnh báo"
CLI_HELP_EXPLAIN_TEXT = "lời giải trình"
CLI_HELP_REOPEN = "mở lại báo cáo đã ký thành lần mới"
CLI_HELP_REASON = "lý do mở lại"
CLI_HELP_HEADER = "thông tin văn bản: số, ký hiệu, ngày, trích yếu, căn cứ, nơi nhận, người ký"
CLI_HELP_HEADER_NUMBER = "số báo cáo (phần số của Số: …/BC-UBND)"
CLI_HELP_HEADER_SYMBOL = "ký hiệu (ví dụ BC-UBND)"
CLI_HELP_HEADER_PLACE = "địa danh trên dòng ngày tháng"
CLI_HELP_HEADER_DATE = "ngày báo cáo dd/mm/yyyy"
CLI_HELP_HEADER_TITLE = "trích yếu (tên báo cáo)"
CLI_HELP_HEADER_BASIS = "câu căn cứ (Thực hiện Công văn số … của …)"
CLI_HELP_HEADER_CLOSING = "câu kết (Trên đây là báo cáo …); để trống: câu mặc định"
CLI_HELP_HEADER_ON_BEHALF = "thẩm quyền ký (ví dụ TM. ỦY BAN NHÂN DÂN)"
CLI_HELP_HEADER_AUTHORITY = "KT., Q., TL. hoặc TUQ. (để trống: người đứng đầu ký)"
CLI_HELP_HEADER_PRINCIPAL = "chức vụ người đứng đầu khi ký KT./TL./TUQ. (ví dụ CHỦ TỊCH)"
CLI_HELP_HEADER_SIGNER_TITLE = "chức vụ người ký (ví dụ CHỦ TỊCH, PHÓ CHỦ TỊCH)"
CLI_HELP_HEADER_SIGNER = "họ tên người ký"
CLI_HELP_HEADER_RECIPIENT = "một nơi nhận (nhắc lại cho mỗi nơi; thay cả danh sách)"
CLI_HELP_DRAFT = "xuất bản dự thảo (Word, Excel có chữ DỰ THẢO) để in trước khi ký"
CLI_HELP_DRAFT_OPEN = "mở tệp Word vừa xuất bằng phần mềm của máy"
CLI_HEADER_SAVED = "Đã lưu thông tin văn bản ({count} mục thay đổi)."
CLI_HEADER_EMPTY = "(trống)"
CLI_HEADER_LINES = (
    ("Số", "number"),
    ("Ký hiệu", "symbol"),
    ("Địa danh", "place"),
    ("Ngày", "date"),
    ("Trích yếu", "title"),
    ("Căn cứ", "basis"),
    ("Nơi nhận", "recipients"),
    ("Câu kết", "closing"),
    ("Thẩm quyền ký", "on_behalf"),
    ("Ký thay / quyền", "authority"),
    ("Chức vụ người đứng đầu", "principal_title"),
    ("Chức vụ người ký", "signer_title"),
    ("Người ký", "signer_name"),
)
"""``cchc report header``: label and field of each line."""
CLI_DRAFT_WRITTEN = "Đã ghi bản dự thảo: {file}"
CLI_HELP_BACKUP = "sao lưu dữ liệu của máy (cơ sở dữ liệu, khóa ký, cài đặt) ra USB"
CLI_HELP_BACKUP_DEST = "thư mục (ổ USB) hoặc tên tệp .cchcbak"
CLI_HELP_RESTORE = "khôi phục dữ liệu từ một tệp sao lưu .cchcbak"
CLI_HELP_RESTORE_FILE = "tệp sao lưu .cchcbak"
CLI_HELP_RESTORE_REPLACE = "thay cả khi máy này có thay đổi mới hơn hoặc khóa ký khác"
CLI_HELP_SIGNOFF = "ký duyệt báo cáo (khóa báo cáo, không sửa được)"
CLI_HELP_SIGNER = "họ tên người ký"
CLI_HELP_TITLE = "chức danh: CHỦ TỊCH, hoặc KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
CLI_HELP_NUMBER = "số báo cáo (phần số của Số: …/BC-UBND)"
CLI_HELP_DATE = "ngày báo cáo dd/mm/yyyy (mặc định: hôm nay)"
CLI_HELP_PASSPHRASE_FILE = "tệp chứa mật khẩu khóa ký"
CLI_HELP_KEYS = "khóa ký của đơn vị"
CLI_HELP_KEYS_SHOW = "in khóa công khai, dấu vân tay và các lần đổi khóa"
CLI_HELP_KEYS_CHANGE = (
    "đổi khóa ký của đơn vị (khi khóa cũ bị mất hoặc lộ mật khẩu); lời khai đổi khóa đi kèm các "
    "gói sau"
)
CLI_HELP_KEYS_REASON = "lý do đổi khóa (ví dụ “Máy cũ hỏng ổ cứng, không còn khóa”)"
CLI_HELP_KEYS_NEW_PASSPHRASE = "tệp chứa mật khẩu của khóa mới (không có thì hỏi)"
CLI_HELP_KEYS_OLD_PASSPHRASE = (
    "tệp chứa mật khẩu của khóa cũ, nếu máy còn khóa cũ (không có thì hỏi)"
)
CLI_HELP_UNIT_CODE = "mã đơn vị (mặc định: mọi đơn vị)"
CLI_HELP_BUNDLE = "gói báo cáo đã ký"
CLI_HELP_BUNDLE_EXPORT = "xuất gói đã ký ra thư mục (USB)"
CLI_HELP_OUT_FOLDER = "thư mục đích"
CLI_HELP_BUNDLE_VERIFY = "kiểm tra một gói"
CLI_HELP_BUNDLE_FILE = "tệp gói .cchc.zip"
CLI_HELP_KEY_FILE = "tệp khóa công khai (PEM) đã đăng ký"
CLI_HELP_ALLOW_UNVERIFIED = (
    "không có --key: chỉ kiểm tra gói nguyên vẹn, chấp nhận nguồn chưa xác thực (mã thoát 0)"
)
CLI_HELP_CHECK = "kiểm tra một tệp báo cáo JSON"
CLI_HELP_CHECK_JSON = "in kết quả dạng JSON"
CLI_HELP_TEMPLATES = "mẫu báo cáo"
CLI_HELP_TEMPLATES_LIST = "liệt kê các mẫu có sẵn"
CLI_HELP_TEMPLATES_CHECK = "kiểm tra một tệp mẫu"
CLI_HELP_TEMPLATE_FILE = "tệp mẫu (.yaml)"
CLI_HELP_COMMAND = "lệnh"

CLI_INFO_LINES = (
    ("Phiên bản", "version"),
    ("Cơ sở dữ liệu", "database"),
    ("Thư mục khóa ký", "keys"),
    ("Tệp nhật ký", "log"),
    ("Tệp cài đặt", "settings"),
)
"""``cchc info``: label and field of each line."""
CLI_INFO_LINE = "{label}: {value}"
CLI_INFO_TEMPLATES = "Mẫu báo cáo có sẵn:"
CLI_INFO_NO_LOG = "(không ghi được)"

# --- argparse's own texts ------------------------------------------------------------------------
ARGPARSE = {
    "usage: ": "Cách dùng: ",
    "options": "tùy chọn",
    "positional arguments": "tham số",
    "optional arguments": "tùy chọn",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "unrecognized arguments: %(args)s": "không hiểu tham số: %(args)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "lựa chọn không có: %(value)r (chọn một trong: %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ (cần %(type)s)",
    "expected one argument": "cần một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tùy chọn %(option)s không rõ, có thể là %(matches)s"
    ),
    "not allowed with argument %s": "không dùng chung được với %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "show program's version number and exit": "in phiên bản rồi thoát",
}
ARGPARSE_TYPES = {"int": "số nguyên", "float": "số", "Path": "đường dẫn tệp"}
"""Type names argparse puts in "invalid %(type)s value"."""
CLI_NOT_WHOLE_NUMBER = "“{text}” không phải số nguyên"
