"""Vietnamese texts: ui — screens, widgets, key descriptions (see the package docstring)."""

from __future__ import annotations

APP_TITLE = "Báo cáo cải cách hành chính"
FORM_TITLE = "Biểu mẫu {number}: {title}"
NARRATIVE_TITLE = "Phần thuyết minh"
APPENDIX_TITLE = "Phụ lục văn bản"
FINDINGS_TITLE = "Danh sách lỗi và cảnh báo"

# --- Key descriptions (footer, F1 help) ------------------------------------------------------
KEY_QUIT = "Thoát"
KEY_HELP = "Phím"
KEY_PALETTE = "Tìm nhanh"
KEY_OPEN = "Mở"
KEY_BACK = "Quay lại"
KEY_NEW_REPORT = "Báo cáo mới"
KEY_SAMPLE = "Báo cáo mẫu"
KEY_NEXT_PERIOD = "Kỳ mới"
KEY_OFFICER = "Người làm việc"
KEY_NEXT = "Mục sau"
KEY_PREV = "Mục trước"
KEY_FINDINGS = "Lỗi"
KEY_EDIT = "Nhập"
KEY_CANCEL = "Hủy"
KEY_NOTE = "Ghi chú"
KEY_CLEAR = "Xóa giá trị"
KEY_PICK = "Chọn mã"
KEY_FIRST = "Dòng đầu"
KEY_LAST = "Dòng cuối"
KEY_ADD = "Thêm"
KEY_DELETE = "Xóa"
KEY_EXPLAIN = "Giải trình"
KEY_JUMP = "Đến dòng"
KEY_SAVE = "Lưu"

# --- Command palette ---------------------------------------------------------------------------
PALETTE_PLACEHOLDER = "Gõ tên mục, biểu mẫu, chỉ tiêu hoặc STT (không dấu cũng được)…"
CMD_THEME = "Giao diện: đổi màu"
CMD_THEME_HELP = "Chọn bộ màu (ansi-dark, ansi-light hợp với máy cũ)"
CMD_QUIT = "Ứng dụng: thoát"
CMD_QUIT_HELP = "Đóng ứng dụng (mọi số liệu đã xác nhận đều đã được lưu)"
CMD_KEYS = "Trợ giúp: các phím"
CMD_KEYS_HELP = "Hiện hoặc ẩn các phím dùng được ở màn hình này"
CMD_OPEN_HELP = "Mở mục này của báo cáo"

# --- Home --------------------------------------------------------------------------------------
HOME_OFFICER = "Người làm việc: {who}"
HOME_OFFICER_UNKNOWN = "Người làm việc: (chưa khai báo — bấm F2)"
HOME_REPORTS = "Các báo cáo"
HOME_EMPTY = (
    "Chưa có báo cáo nào. Bấm F3 để mở báo cáo mẫu (xã Bình Lãng, năm 2023) "
    "hoặc Ctrl+N để tạo báo cáo mới."
)
HOME_COLUMNS = ("Mã", "Đơn vị", "Kỳ", "Trạng thái", "Đủ", "Lỗi", "C.báo")
HOME_SAMPLE_LOADED = "Đã nạp báo cáo mẫu."
HOME_NO_SELECTION = "Chọn một báo cáo trong danh sách trước."

# --- Officer settings ---------------------------------------------------------------------------
OFFICER_TITLE = "Người làm việc"
OFFICER_NAME = "Họ và tên"
OFFICER_POST = "Chức danh"
OFFICER_HINT = "Được ghi kèm mỗi thay đổi trong nhật ký báo cáo."
OFFICER_SAVED = "Đã lưu thông tin người làm việc."

# --- New report -----------------------------------------------------------------------------------
NEW_TITLE = "Tạo báo cáo mới"
NEW_FROM_TITLE = "Kỳ báo cáo mới từ báo cáo {source}"
NEW_TEMPLATE = "Mẫu báo cáo"
NEW_UNIT_CODE = "Mã đơn vị hành chính"
NEW_UNIT_NAME = "Tên đơn vị (không ghi “xã”)"
NEW_UNIT_KIND = "Loại đơn vị"
NEW_PROVINCE = "Tỉnh"
NEW_DISTRICT = "Huyện (nếu có)"
NEW_OFFICE = "Cơ quan nhận báo cáo"
NEW_PERIOD_KIND = "Loại kỳ"
NEW_PERIOD_CODE = "Mã kỳ (ví dụ 2024-nam)"
NEW_START = "Từ ngày (ngày/tháng/năm)"
NEW_END = "Đến ngày (ngày/tháng/năm)"
NEW_NUMBER = "Số báo cáo (để trống nếu chưa có)"
NEW_CREATE = "Tạo"
NEW_CANCEL = "Hủy"
NEW_REQUIRED = "Cần điền: {field}."
NEW_CREATED = "Đã tạo báo cáo {unit} kỳ {period}."
NEW_PERIOD_ORDER = "Ngày bắt đầu phải trước ngày kết thúc."

# --- Outline -------------------------------------------------------------------------------------
OUTLINE_COLUMNS = ("Mục", "Tình trạng", "Đã nhập", "Lỗi", "C.báo")
STATE_LABELS = {
    "empty": "trống",
    "in_progress": "đang nhập",
    "complete": "đủ",
    "has_errors": "có lỗi",
}
OUTLINE_SUMMARY = "Đủ {percent}% · {errors} lỗi · {warnings} cảnh báo · {status}"
OUTLINE_LOCKED = "chỉ xem, không sửa."
OUTLINE_RECEIVED = "Báo cáo nhận từ đơn vị: chỉ xem."

# --- Narrative -----------------------------------------------------------------------------------
NARR_GUIDANCE = "Gợi ý: {text}"
NARR_SAVED = "Đã lưu mục {key}."
NARR_EMPTY_REQUIRED = "(bắt buộc)"

# --- Form editor ---------------------------------------------------------------------------------
FORM_COLUMNS = ("STT", "Chỉ tiêu", "ĐVT", "Giá trị", "Ghi chú")
FORM_PREVIOUS_COLUMN = "Kỳ trước"
FORM_PROMPT = "Nhập giá trị, Enter để xác nhận, Esc để hủy"
FORM_DERIVED = "Dòng tính tự động từ {refs}: không nhập tay."
FORM_HEADING = "Dòng tiêu đề nhóm: không có giá trị."
FORM_SAVED = "Đã lưu {key} = {value}"
FORM_STATUS_TITLE = "Biểu mẫu {number} · {status}"
FORM_CLEARED = "Đã xóa giá trị {key}"
FORM_PRINTED_CLEARED = "Đã bỏ số in cũ của {key}; dùng số tính được {value}."
FORM_CODES = "Mã: {codes}"
FORM_NOTE_TITLE = "Ghi chú cho dòng {stt}"
FORM_NOTE_SAVED = "Đã lưu ghi chú {key}."
FORM_PICK_TITLE = "Chọn mã cho dòng {stt}"
FORM_EXPECTED = "Đúng ra là: {expected}"
FORM_EXPLAINED = "Đã giải trình: {text}"

# --- Documents appendix ----------------------------------------------------------------------------
DOCS_COLUMNS = ("Ngày", "Loại", "Số, ký hiệu", "Trích yếu")
DOCS_COUNT = "{count} văn bản"
DOC_EDIT_TITLE = "Văn bản"
DOC_TYPE = "Loại văn bản"
DOC_NUMBER = "Số, ký hiệu (ví dụ 24/KH-UBND)"
DOC_DATE = "Ngày ban hành (ngày/tháng/năm)"
DOC_SUMMARY = "Trích yếu nội dung"
DOC_SAVE = "Lưu"
DOC_CANCEL = "Hủy"
DOC_SAVED = "Đã lưu văn bản {number}."
DOC_DELETED = "Đã xóa văn bản {number}."
DOC_CONFIRM_DELETE = "Xóa văn bản {number} ngày {date}?"
CONFIRM_YES = "Xóa"
CONFIRM_NO = "Không"

# --- Findings --------------------------------------------------------------------------------------
FINDINGS_COLUMNS = ("Mức", "Dòng", "Nội dung", "Giải trình")
FINDINGS_NONE = "Không có lỗi hay cảnh báo nào."
FINDINGS_SUMMARY = "{errors} lỗi, {warnings} cảnh báo ({explained} đã giải trình)"
EXPLAIN_TITLE = "Giải trình cảnh báo"
EXPLAIN_HINT = "Lời giải trình được lưu kèm báo cáo, người ký và cơ quan nhận sẽ thấy."
EXPLAIN_SAVED = "Đã lưu lời giải trình."
EXPLAIN_ONLY_WARNINGS = "Chỉ cảnh báo mới giải trình được; lỗi phải sửa số liệu."

# --- Errors ------------------------------------------------------------------------------------------
NARR_SAVED_STATUS = "Đã lưu lúc {time}"
PALETTE_NO_MATCHES = "Không tìm thấy mục nào"
PALETTE_ICON = ">"
CMD_SAMPLE = "Báo cáo: mở báo cáo mẫu"
CMD_NEW = "Báo cáo: tạo báo cáo mới"
CMD_OFFICER = "Người làm việc: khai báo họ tên, chức danh"

# --- Sign-off and export screens -------------------------------------------------------------
KEY_SIGNOFF = "Ký duyệt"
KEY_EXPORT = "Xuất gói USB"
KEY_REOPEN = "Mở lại (lần mới)"
SIGN_TITLE = "Ký duyệt báo cáo"
SIGN_READY = "Báo cáo đủ điều kiện ký: không còn lỗi, mọi cảnh báo đã giải trình."
SIGN_SIGNER = "Họ tên người ký"
SIGN_SIGNER_TITLE = "Chức danh"
SIGN_NUMBER = "Số báo cáo (Số: …/BC-UBND)"
SIGN_DATE = "Ngày báo cáo (ngày/tháng/năm)"
SIGN_PASSPHRASE = "Mật khẩu khóa ký của đơn vị"
SIGN_PASSPHRASE_AGAIN = "Gõ lại mật khẩu (lần ký đầu tiên tạo khóa mới)"
SIGN_PASSPHRASE_MISMATCH = "Hai lần gõ mật khẩu không giống nhau."
SIGN_BUTTON = "Ký duyệt"
SIGN_CLOSE = "Đóng"
SIGN_CHANGE_KEY = "Đổi khóa"
SIGN_PASSPHRASE_RULE = "Mật khẩu của khóa mới: ít nhất 8 ký tự, không chỉ gồm chữ số."
KEYCHANGE_TITLE = "Đổi khóa ký của đơn vị"
KEYCHANGE_HINT_SIGNED = (
    "Máy còn khóa cũ: lời khai đổi khóa sẽ được ký bằng khóa cũ, cơ quan nhận báo cáo tự nhận "
    "khóa mới ở gói sau. Khóa cũ được cất vào thư mục khóa “retired”, không dùng để ký nữa."
)
KEYCHANGE_HINT_UNSIGNED = (
    "Máy không còn khóa cũ. Nếu có bản sao lưu, nên khôi phục (Ctrl+B ở màn hình chính) thay vì "
    "đổi khóa. Đổi khóa thì gói sau sẽ bị cơ quan nhận báo cáo giữ lại cho đến khi đối chiếu "
    "dấu vân tay khóa mới qua điện thoại."
)
KEYCHANGE_REASON = "Lý do đổi khóa"
KEYCHANGE_REASON_PLACEHOLDER = "ví dụ: Máy cũ hỏng ổ cứng, không còn khóa"
KEYCHANGE_OLD = "Mật khẩu của khóa cũ"
KEYCHANGE_NEW = "Mật khẩu của khóa mới (ít nhất 8 ký tự, không chỉ gồm chữ số)"
KEYCHANGE_NEW_AGAIN = "Gõ lại mật khẩu của khóa mới"
KEYCHANGE_BUTTON = "Đổi khóa"
KEYCHANGE_WORKING = "Đang tạo khóa mới…"
SIGN_WORKING = "Đang ký…"
SIGN_WARNING_LOCK = "Sau khi ký, báo cáo chỉ xem được; muốn sửa phải mở lại thành lần mới."
EXPORT_TITLE = "Xuất gói báo cáo đã ký ra USB"
EXPORT_FOLDER = "Thư mục đích (ổ USB)"
EXPORT_BUTTON = "Xuất gói"
EXPORT_WORKING = "Đang xuất: {step}…"
REOPEN_TITLE = "Mở lại báo cáo đã ký (tạo lần {revision})"
REOPEN_HINT = "Ghi lý do mở lại; lần đã ký vẫn được giữ nguyên."
CMD_SAMPLE_NAMED = "Báo cáo mẫu: {name}"

# --- The document's header ("Thông tin văn bản") -------------------------------------------------
HEADER_PART_TITLE = "Thông tin văn bản"
HEADER_SCREEN_HINT = "Số, ngày, trích yếu, căn cứ, nơi nhận và người ký in trên báo cáo. Ctrl+S lưu; rời màn hình cũng lưu."
HEADER_FIELD_NUMBER = "Số (phần số của Số: …/BC-UBND; để trống nếu văn thư cấp sau)"
HEADER_FIELD_SYMBOL = "Ký hiệu (ví dụ BC-UBND)"
HEADER_FIELD_PLACE = "Địa danh (ví dụ Bình Lãng)"
HEADER_FIELD_DATE = "Ngày báo cáo (ngày/tháng/năm)"
HEADER_FIELD_TITLE = "Trích yếu (tên báo cáo, in dưới chữ BÁO CÁO)"
HEADER_FIELD_BASIS = "Căn cứ (câu mở đầu: Thực hiện Công văn số … của …)"
HEADER_FIELD_RECIPIENTS = "Nơi nhận (mỗi dòng một nơi; dòng cuối: Lưu: VT)"
HEADER_FIELD_CLOSING = "Câu kết (để trống thì in câu mặc định bên dưới)"
HEADER_FIELD_ON_BEHALF = "Thẩm quyền ký (ví dụ TM. ỦY BAN NHÂN DÂN)"
HEADER_FIELD_AUTHORITY = "Ký thay mặt / ký thay / quyền"
HEADER_FIELD_PRINCIPAL = "Chức vụ người đứng đầu (khi ký KT., TL., TUQ.; ví dụ CHỦ TỊCH)"
HEADER_FIELD_SIGNER_TITLE = "Chức vụ người ký (ví dụ CHỦ TỊCH, PHÓ CHỦ TỊCH)"
HEADER_FIELD_SIGNER_NAME = "Họ tên người ký"
HEADER_AUTHORITY_LABELS = {
    "": "Người đứng đầu ký",
    "KT.": "KT. (ký thay người đứng đầu)",
    "Q.": "Q. (quyền)",
    "TL.": "TL. (thừa lệnh)",
    "TUQ.": "TUQ. (thừa ủy quyền)",
}
HEADER_SAVED = "Đã lưu thông tin văn bản ({count} mục thay đổi)."
HEADER_UNCHANGED = "Thông tin văn bản không thay đổi."
HEADER_NO_PROBLEM = "Thông tin văn bản đủ và đúng thể thức."
HEADER_PROBLEM_LINE = "{severity}: {message}"
KEY_HEADER = "Thông tin văn bản"

# --- The draft --------------------------------------------------------------------------------
KEY_DRAFT = "Bản dự thảo"
DRAFT_TITLE = "Xuất bản dự thảo để in"
DRAFT_HINT = (
    "Tệp Word và Excel có chữ DỰ THẢO trên mỗi trang, để lãnh đạo đọc trước khi ký. "
    "Bản dự thảo không phải gói đã ký: cơ quan nhận không nhận nó."
)
DRAFT_FOLDER = "Thư mục ghi tệp"
DRAFT_BUTTON = "Xuất dự thảo"
DRAFT_OPEN = "Mở bằng Word"
DRAFT_WORKING = "Đang làm bản dự thảo…"
DRAFT_DONE = "Đã ghi {names} vào {folder}."

# --- Backup and restore ------------------------------------------------------------------------
KEY_BACKUP = "Sao lưu / khôi phục"
CMD_BACKUP = "Dữ liệu: sao lưu hoặc khôi phục (USB)"
BACKUP_TITLE = "Sao lưu và khôi phục dữ liệu"
BACKUP_HINT = (
    "Sao lưu chép cơ sở dữ liệu, khóa ký của đơn vị và cài đặt ra USB, dùng khi đổi máy hay "
    "hỏng ổ cứng. Khóa ký vẫn được khóa bằng mật khẩu của lãnh đạo."
)
BACKUP_FOLDER = "Sao lưu vào thư mục (ổ USB)"
BACKUP_FILE = "Khôi phục từ tệp sao lưu"
BACKUP_FILE_PLACEHOLDER = "ví dụ E:\\cchc-backup-20231208-153000.cchcbak"
BACKUP_FILE_NEEDED = "Ghi đường dẫn tệp sao lưu cần khôi phục."
BACKUP_BUTTON = "Sao lưu"
RESTORE_BUTTON = "Khôi phục"
RESTORE_REPLACE_BUTTON = "Vẫn thay thế"
BACKUP_WORKING = "Đang sao lưu…"
RESTORE_WORKING = "Đang khôi phục…"
BACKUP_WRITTEN = "Đã sao lưu vào {file}."
