"""Vietnamese texts: several officers on one report (see the package docstring).

Assigning parts ("giao phần"), packages for the officers ("giao việc", ``PACKAGE_``), their
contributions back ("phần đóng góp", ``CONTRIB_``), conflicts and their resolution, the
progress of every part before sign-off (``cchc_tui.service.contributions`` and its screens and
commands). Names start with ``ASSIGN_``, ``PACKAGE_``, ``CONTRIB_``, ``CONFLICT_``, ``AUDIT_``,
``PROGRESS_`` or ``SIGN_CONFLICT_``. Placeholders use ``str.format`` names.
"""

from __future__ import annotations

# --- Sign-off blocked by what is not decided -------------------------------------------------
SIGN_CONFLICT_LINE = "Xung đột chưa giải quyết: {conflict}"
SIGN_CONFLICT_ITEM = "{item} (phần đóng góp của {who})"

# --- Assigning parts -------------------------------------------------------------------------
ASSIGN_UNKNOWN_PART = "Báo cáo không có phần “{part}”. Các phần có thể giao: {parts}."
ASSIGN_FIELD_OFFICER = "Tên công chức"
ASSIGN_NEED_OFFICER = "Chưa nhập tên công chức được giao."
ASSIGN_NOT_A_NAME = (
    "“{name}” không phải tên người: tên chỉ gồm chữ cái và dấu cách (ví dụ Nguyễn Thị Hoa)."
)
ASSIGN_SIGNED = (
    "Báo cáo (lần {revision}) đã ký duyệt: không giao việc hay nhận đóng góp được nữa. "
    "Muốn sửa, hãy mở lại báo cáo thành lần mới."
)
ASSIGN_ON_WORKING_COPY = (
    "Đây là bản làm việc được giao, không phải báo cáo gốc: chỉ người tổng hợp "
    "mới giao việc và nhận đóng góp."
)
ASSIGN_TITLE = "Giao phần: {part}"
ASSIGN_HINT = (
    "Nhập tên công chức phụ trách phần này (ví dụ Nguyễn Thị Hoa), Enter để lưu. "
    "Để trống rồi Enter: bỏ giao. Esc: thôi."
)
ASSIGN_KNOWN = "Đã giao cho: {officers}"
ASSIGN_DONE = "Đã giao “{part}” cho {officer}."
ASSIGN_REMOVED = "Đã bỏ giao “{part}”."
ASSIGN_NOT_PART = "Dòng này không giao được (chỉ giao phần thuyết minh, biểu mẫu, phụ lục)."

# --- Packages (giao việc) ---------------------------------------------------------------------
PACKAGE_NO_PARTS = "Chưa có phần nào được giao cho {officer}: hãy giao phần trước (F2 ở mục lục)."
PACKAGE_NONE_ASSIGNED = "Báo cáo chưa giao phần nào cho ai: hãy giao phần trước (F2 ở mục lục)."
PACKAGE_NOT_ONE = "Tệp này không phải gói giao việc CCHC (tệp .cchc-giaoviec.zip)."
PACKAGE_TEMPLATE_MISSING = (
    "Máy này chưa có mẫu báo cáo {template} mà gói giao việc dùng. Hãy cài gói mẫu "
    "(cchc templates install) hoặc cập nhật phần mềm, rồi mở lại gói."
)
PACKAGE_TEMPLATE_DIFFERS = (
    "Mẫu báo cáo {template} trên máy này khác với mẫu của người tổng hợp. Hãy cập nhật "
    "phần mềm hoặc cài đúng gói mẫu, rồi mở lại gói."
)
PACKAGE_MISMATCH = "Gói “{file}” có thông tin báo cáo không khớp với số liệu bên trong: gói bị sửa."
PACKAGE_OWN_REPORT = (
    "Cơ sở dữ liệu này đã có chính báo cáo này (số {id}), không phải bản làm việc: gói giao "
    "việc phải được mở trên máy của công chức được giao."
)
PACKAGE_UNSENT_WORK = (
    "Bản làm việc số {id} của báo cáo này còn thay đổi chưa gửi. Hãy ghi phần đóng góp "
    "ra USB (F3) trước, rồi mở gói mới; không có gì bị thay đổi."
)
PACKAGE_OPENED = "Đã mở gói giao việc thành bản làm việc số {id}: {officer} phụ trách {parts}."
PACKAGE_ALREADY_OPEN = "Gói này đã được mở trên máy: bản làm việc số {id}."
PACKAGE_REPLACED = "Đã cập nhật bản làm việc số {id} theo gói mới: {officer} phụ trách {parts}."
PACKAGE_WRITTEN = "Đã ghi gói giao việc cho {officer} ({parts}): {file}"
PACKAGE_TITLE = "Giao việc: ghi gói cho các công chức ra USB"
PACKAGE_FOLDER = "Thư mục (ổ USB) để ghi gói giao việc"
PACKAGE_BUTTON = "Ghi gói"
PACKAGE_WORKING = "Đang ghi gói cho {officer}…"
PACKAGE_DONE = "Đã ghi {count} gói vào {folder}."
PACKAGE_FOR = "Sẽ ghi gói cho: {officers}"
PACKAGE_OPEN_TITLE = "Mở gói giao việc (từ USB)"
PACKAGE_OPEN_HINT = "Đường dẫn tệp .cchc-giaoviec.zip, hoặc thư mục USB có gói dành cho anh/chị."
PACKAGE_NONE_FOUND = "Không tìm thấy gói giao việc (.cchc-giaoviec.zip) trong {path}."
PACKAGE_MANY_FOUND = (
    "Thư mục {path} có {count} gói giao việc: hãy nhập đúng tên tệp của gói dành cho anh/chị."
)

# --- Contributions (phần đóng góp) -----------------------------------------------------------
CONTRIB_NOT_ONE = "Tệp “{file}” không phải phần đóng góp CCHC (tệp .cchc-donggop.zip)."
CONTRIB_FIELD = "Tệp “{file}” thiếu hoặc sai thông tin “{field}”: tệp bị hỏng hoặc bị sửa."
CONTRIB_UNREADABLE = "Không đọc được “{file}”: {reason}"
CONTRIB_MEMBERS_MISSING = "Tệp “{file}” thiếu thành phần bên trong: tệp bị hỏng hoặc chép thiếu."
CONTRIB_HASH = (
    "Nội dung “{member}” trong “{file}” khác với lúc ghi (mã kiểm tra SHA-256 hoặc kích thước "
    "không khớp): tệp bị hỏng hoặc bị sửa."
)
CONTRIB_BAD_VALUE = "Tệp “{file}” có giá trị không hợp lệ ở dòng {key}: {reason}"
CONTRIB_TAMPERED = (
    "Phần đóng góp “{file}” đã bị sửa sau khi được ghi (mã xác thực không khớp với gói giao "
    "việc): không nhận. Đề nghị công chức ghi lại phần đóng góp từ máy của mình."
)
CONTRIB_FOREIGN = (
    "Phần đóng góp “{file}” không trả lời gói giao việc nào của cơ sở dữ liệu này (báo cáo "
    "khác, hoặc gói do máy khác ghi): không nhận."
)
CONTRIB_FOREIGN_REPORT = (
    "Phần đóng góp “{file}” ghi một báo cáo khác với báo cáo của gói giao việc: không nhận."
)
CONTRIB_SIGNED = (
    "Báo cáo lần {revision} đã ký duyệt: phần đóng góp “{file}” không được gộp nữa. Muốn dùng, "
    "hãy mở lại báo cáo thành lần mới rồi giao việc lại."
)
CONTRIB_REOPENED = (
    "Phần đóng góp “{file}” làm trên lần {revision} của báo cáo, nay đã có lần mới hơn: "
    "không nhận. Hãy giao việc lại từ lần mới."
)
CONTRIB_STALE = (
    "Phần đóng góp “{file}” (lần gửi thứ {sequence}) cũ hơn phần đã gộp (lần gửi thứ {last}) "
    "của cùng gói giao việc: không nhận, số liệu không đổi."
)
CONTRIB_OUTSIDE_PARTS = (
    "Phần đóng góp “{file}” sửa các phần không (còn) giao cho {officer}: {parts}. Không nhận, "
    "số liệu không đổi."
)
CONTRIB_TOO_MANY_ROWS = (
    "Bản làm việc có {count} dòng nhật ký, quá số một phần đóng góp mang được ({limit})."
)
CONTRIB_NOT_WORKING_COPY = (
    "Báo cáo số {id} không phải bản làm việc mở từ gói giao việc: không có phần đóng góp để ghi."
)
CONTRIB_WORKING_COPY_NO_SIGN = (
    "Đây là bản làm việc của công chức được giao: không ký duyệt ở đây. Hãy ghi phần đóng góp "
    "(F3) và gửi cho người tổng hợp."
)
CONTRIB_CHANGED_MEANWHILE = (
    "“{item}” vừa thay đổi trong lúc gộp: không có gì được ghi. Hãy nhận lại phần đóng góp."
)
CONTRIB_ALREADY = "Phần đóng góp {id} đã được nhận trước đây."
CONTRIB_CONFLICT_NOT_PENDING = "Xung đột số {id} không còn chờ quyết định."
CONTRIB_ITEM_KINDS = {
    "value": "giá trị",
    "note": "ghi chú",
    "narrative": "thuyết minh",
    "explanation": "giải trình",
    "document": "văn bản",
}
CONTRIB_ITEM_LABEL = "{where} ({what})"
CONTRIB_EMPTY = "(trống)"
CONTRIB_WRITTEN = "Đã ghi phần đóng góp lần thứ {sequence} ({changed} mục đã thay đổi): {file}"
CONTRIB_TITLE = "Gửi phần đóng góp cho người tổng hợp (ghi ra USB)"
CONTRIB_FOLDER = "Thư mục (ổ USB) để ghi phần đóng góp"
CONTRIB_IMPORT_FOLDER = "Thư mục (ổ USB) có các phần đóng góp"
CONTRIB_BUTTON = "Ghi phần đóng góp"
CONTRIB_WORKING = "Đang ghi phần đóng góp…"
CONTRIB_IMPORT_TITLE = "Nhận phần đóng góp từ USB"
CONTRIB_IMPORT_HINT = (
    "Thư mục (ổ USB) có các tệp .cchc-donggop.zip, hoặc một tệp. Nhận nhiều lần cũng không sao."
)
CONTRIB_IMPORTING = "Đang nhận {done}/{total}: {file}"
CONTRIB_NONE_FOUND = "Không tìm thấy phần đóng góp (.cchc-donggop.zip) trong {path}."
CONTRIB_MERGED = (
    "[ĐÃ GỘP] {file}: {officer}, lần gửi {sequence}: lấy {taken} mục, {conflicts} xung đột"
)
CONTRIB_SEEN = "[ĐÃ CÓ] {file}: đã nhận trước đây, không có gì thay đổi"
CONTRIB_REFUSED_LINE = "[TỪ CHỐI] {file}: {reason}"
CONTRIB_SUMMARY = (
    "Đã gộp {merged}, đã có {seen}, từ chối {refused}; còn {pending} xung đột chờ quyết định."
)
CONTRIB_SUMMARY_CONFLICTS = "Còn {pending} xung đột: mở danh sách xung đột (Ctrl+X) để quyết định."

# --- Conflicts ---------------------------------------------------------------------------------
CONFLICT_TITLE = "Xung đột cần quyết định ({count})"
CONFLICT_NONE = "Không còn xung đột nào. Esc: quay lại."
CONFLICT_COLUMNS = ("Mục", "Của tôi (tổng hợp)", "Của người được giao")
CONFLICT_SIDE = "{value} — {who}, {at}"
CONFLICT_UNKNOWN_WHO = "(không rõ)"
CONFLICT_DETAIL = (
    "{label}\nCủa tôi: {mine}\n    {mine_who}, {mine_at}\n"
    "Của {officer}: {theirs}\n    {theirs_who}, {theirs_at}"
)
CONFLICT_KEPT = "Đã giữ giá trị của tôi: {label}"
CONFLICT_TAKEN = "Đã lấy giá trị của {officer}: {label}"
KEY_CONFLICT_KEEP = "Giữ của tôi"
KEY_CONFLICT_TAKE = "Lấy của người gửi"
CONFLICT_CLI_LINE = "{id}. {label}\n   của tôi: {mine} ({mine_who}, {mine_at})\n   của {officer}: {theirs} ({theirs_who}, {theirs_at})"

# --- Outline and progress ----------------------------------------------------------------------
KEY_ASSIGN = "Giao phần"
KEY_PACKAGES = "Giao việc (USB)"
KEY_CONTRIB_IMPORT = "Nhận đóng góp"
KEY_CONFLICTS = "Xung đột"
KEY_CONTRIB_EXPORT = "Gửi đóng góp (USB)"
KEY_AUDIT = "Nhật ký"
KEY_OPEN_PACKAGE = "Mở gói giao việc"
PROGRESS_COLUMN = "Phụ trách"
PROGRESS_STAGES = {
    "unassigned": "chưa giao",
    "assigned": "chưa gửi",
    "sent": "đã gửi",
    "returned": "xung đột",
    "merged": "đã gộp",
    "mine": "của tôi",
    "read_only": "chỉ xem",
}
PROGRESS_CELL = "{name}·{stage}"
PROGRESS_SUMMARY_ASSIGNED = "Đã giao {assigned} phần, chưa gửi · F3: ghi gói giao việc ra USB"
PROGRESS_SUMMARY_SENT = (
    "Giao việc: {assigned} phần, {sent} đã gửi, {merged} đã gộp · F3 gửi lại · Ctrl+O nhận"
)
PROGRESS_SUMMARY_CONFLICTS = (
    "{conflicts} xung đột chờ quyết định: Ctrl+X · {merged}/{assigned} phần đã gộp · Ctrl+O nhận"
)
PROGRESS_SUMMARY_LOCKED = "Giao việc: {assigned} phần, {sent} đã gửi, {merged} đã gộp"
PROGRESS_WORKING_COPY = "Bản làm việc của {officer}: chỉ sửa phần được giao · F3 gửi đóng góp"
PROGRESS_READ_ONLY_PART = "Phần này không giao cho anh/chị: chỉ xem. Phần của anh/chị: {parts}."
PROGRESS_HEADER_READ_ONLY = "Thông tin văn bản do người tổng hợp nhập: ở bản làm việc chỉ xem."
PROGRESS_CLI_COLUMNS = ("Phần", "Tên phần", "Phụ trách", "Giai đoạn", "Tình trạng", "Xung đột")
HOME_WORKING_COPY = "bản làm việc"
HOME_PACKAGE_HINT = "Được giao viết một phần báo cáo? Bấm Ctrl+O để mở gói giao việc từ USB."
CMD_OPEN_PACKAGE = "Mở gói giao việc (từ USB): phần báo cáo được giao cho tôi"

# --- The audit trail ----------------------------------------------------------------------------
AUDIT_TITLE = "Nhật ký thay đổi: {report}"
AUDIT_COLUMNS = ("Lúc", "Người", "Mục", "Cũ → Mới")
AUDIT_CHANGE = "{old} → {new}"
AUDIT_ENTITIES = {
    "value": "giá trị",
    "note": "ghi chú",
    "narrative": "thuyết minh",
    "explanation": "giải trình",
    "document": "văn bản",
    "header": "thông tin văn bản",
    "report": "báo cáo",
    "assignment": "giao phần",
    "package": "gói giao việc",
    "contribution": "đóng góp",
    "conflict": "xung đột",
    "resolve": "quyết định",
}
AUDIT_NOBODY = "(không rõ)"
AUDIT_EMPTY = "(trống)"

# --- Command line help ----------------------------------------------------------------------
CLI_HELP_ASSIGN = "giao một phần của báo cáo (thuyết minh, biểu mẫu, phụ lục) cho công chức"
CLI_HELP_UNASSIGN = "bỏ giao một phần của báo cáo"
CLI_HELP_PART = "phần: khóa biểu mẫu (BM3), mục thuyết minh (I.3) hoặc appendix (phụ lục)"
CLI_HELP_OFFICER = "tên công chức được giao (ví dụ “Nguyễn Thị Hoa”)"
CLI_HELP_ASSIGNMENTS = "tiến độ: phần nào giao cho ai, đã gửi, đã gộp, còn trống"
CLI_HELP_PACKAGE = "ghi gói giao việc cho các công chức được giao ra thư mục (USB)"
CLI_HELP_PACKAGE_OFFICER = "chỉ ghi gói cho công chức này"
CLI_HELP_AUDIT = "nhật ký thay đổi của báo cáo: lúc nào, ai, sửa gì, cũ và mới"
CLI_HELP_CONTRIBUTION = "làm việc nhiều người: mở gói giao việc, gửi và nhận phần đóng góp"
CLI_HELP_CONTRIB_OPEN = "mở gói giao việc thành bản làm việc trên máy này (công chức được giao)"
CLI_HELP_PACKAGE_FILE = "tệp gói giao việc (.cchc-giaoviec.zip)"
CLI_HELP_CONTRIB_EXPORT = "ghi phần đóng góp của bản làm việc ra thư mục (USB)"
CLI_HELP_CONTRIB_IMPORT = "nhận và gộp các phần đóng góp (tệp hoặc thư mục, ví dụ gốc USB)"
CLI_HELP_CONTRIB_PATHS = "tệp .cchc-donggop.zip hoặc thư mục (tìm cả trong thư mục con)"
CLI_HELP_CONFLICTS = "liệt kê các xung đột chờ quyết định của báo cáo"
CLI_HELP_RESOLVE = "quyết định một xung đột: giu (giữ của tôi) hoặc lay (lấy của người gửi)"
CLI_HELP_CONFLICT_ID = "số của xung đột (xem cchc contribution conflicts)"
CLI_HELP_CHOICE = "giu: giữ giá trị của tôi; lay: lấy giá trị của người được giao"
CLI_ASSIGNED = "Đã giao {part} cho {officer}."
CLI_UNASSIGNED = "Đã bỏ giao {part}."
CLI_NO_CONFLICTS = "Không có xung đột nào chờ quyết định."
CLI_RESOLVED_KEPT = "Xung đột {id}: đã giữ giá trị của tôi."
CLI_RESOLVED_TAKEN = "Xung đột {id}: đã lấy giá trị của người được giao."
CLI_PACKAGE_SUMMARY = "Đã ghi {count} gói giao việc."
