"""Vietnamese texts: bundle (see the package docstring).

Texts of the sign-off keys (``cchc_tui.signing.keys``), the signed bundle
(``cchc_tui.exports.bundle``), its verification at the receiving office
(``cchc_tui.exports.verify``) and safe writing to a USB stick (``cchc_tui.base.atomic``).
Placeholders use ``str.format`` names. Prefixes: ``SIGNKEY_``, ``BUNDLE_``, ``VERIFY_``,
``WRITE_``, ``SIZE_``.
"""

from __future__ import annotations

# --- Sizes (shown in several messages) --------------------------------------------------------
SIZE_BYTES = "{value} byte"
SIZE_KB = "{value} KB"
SIZE_MB = "{value} MB"
SIZE_GB = "{value} GB"

# --- Sign-off keys (cchc_tui.signing.keys) ----------------------------------------------------
SIGNKEY_NOT_PUBLIC = "Đây không phải khóa công khai Ed25519 (tệp PEM unit-….pub.pem)."
SIGNKEY_PASSPHRASE_EMPTY = "Chưa nhập mật khẩu khóa ký. Mật khẩu không được để trống."
SIGNKEY_PASSPHRASE_WRONG = (
    "Mật khẩu khóa ký không đúng. Vui lòng nhập lại (chú ý bộ gõ tiếng Việt và phím Caps Lock)."
)
SIGNKEY_NOT_FOUND = (
    "Chưa có khóa ký của đơn vị “{unit}” trên máy này. "
    "Khóa được tạo ở lần Chủ tịch ký duyệt đầu tiên."
)
SIGNKEY_DAMAGED = (
    "Tệp khóa ký của đơn vị “{unit}” bị hỏng hoặc không đúng định dạng. "
    "Khôi phục khóa từ bản sao lưu (Ctrl+B ở màn hình chính, hoặc lệnh cchc restore); "
    "nếu không có bản sao lưu, đổi khóa (lệnh cchc keys change) và báo cơ quan nhận báo cáo."
)
SIGNKEY_PASSPHRASE_SHORT = (
    "Mật khẩu khóa ký mới phải có ít nhất {minimum} ký tự (mới có {count}). "
    "Nên dùng một câu dễ nhớ, ví dụ “Bình Lãng ký duyệt 2024”."
)
SIGNKEY_PASSPHRASE_DIGITS = (
    "Mật khẩu khóa ký mới không được chỉ gồm chữ số (ngày sinh, số điện thoại dễ bị đoán). "
    "Thêm chữ cái, ví dụ “Bình Lãng ký duyệt 2024”."
)

# --- Key continuity and key change (cchc_tui.signing.key_change, service) ---------------------
KEYCHANGE_MISSING = (
    "Máy này không có khóa ký đã dùng cho các lần ký duyệt trước của đơn vị “{unit}” "
    "(dấu vân tay {expected}). Ký bằng khóa mới thì cơ quan nhận báo cáo sẽ giữ gói lại. "
    "Hãy khôi phục bản sao lưu có khóa cũ (Ctrl+B ở màn hình chính, hoặc cchc restore); "
    "nếu khóa cũ đã mất hẳn, đổi khóa có ghi lý do (nút “Đổi khóa”, hoặc cchc keys change)."
)
KEYCHANGE_DIFFERENT = (
    "Khóa ký trên máy này (dấu vân tay {present}) khác khóa đã dùng cho các lần ký duyệt trước "
    "của đơn vị “{unit}” (dấu vân tay {expected}). Hãy khôi phục bản sao lưu có khóa cũ "
    "(Ctrl+B ở màn hình chính, hoặc cchc restore), hoặc đổi khóa có ghi lý do "
    "(nút “Đổi khóa”, hoặc cchc keys change)."
)
KEYCHANGE_FIELD_REASON = "Lý do đổi khóa"
KEYCHANGE_NEED_REASON = "Cần ghi lý do đổi khóa (ví dụ: “Máy cũ hỏng ổ cứng, không còn khóa”)."
KEYCHANGE_NOTHING = (
    "Đơn vị “{unit}” chưa có khóa ký nào để đổi: khóa được tạo ở lần ký duyệt đầu tiên."
)
KEYCHANGE_NEED_OLD_PASSPHRASE = (
    "Máy này còn khóa cũ của đơn vị: nhập mật khẩu khóa cũ để lời khai đổi khóa được ký bằng "
    "khóa cũ (cơ quan nhận báo cáo sẽ tự nhận khóa mới)."
)
KEYCHANGE_DONE_SIGNED = (
    "Đã đổi khóa ký của đơn vị “{unit}”: khóa mới có dấu vân tay {new}. Lời khai đổi khóa đã "
    "được ký bằng khóa cũ ({old}) và đi kèm các gói sau: cơ quan nhận báo cáo sẽ tự nhận khóa mới. "
    "Hãy sao lưu lại ngay (Ctrl+B ở màn hình chính, hoặc cchc backup) để bản sao lưu có khóa mới."
)
KEYCHANGE_DONE_UNSIGNED = (
    "Đã đổi khóa ký của đơn vị “{unit}”: khóa mới có dấu vân tay {new}. Không còn khóa cũ "
    "({old}) để ký lời khai, nên cơ quan nhận báo cáo sẽ giữ gói đầu tiên lại cho đến khi "
    "đối chiếu dấu vân tay khóa mới qua điện thoại. Ghi dấu vân tay này ra giấy và gọi cho "
    "cơ quan nhận báo cáo. Hãy sao lưu lại ngay (Ctrl+B ở màn hình chính, hoặc cchc backup)."
)
KEYCHANGE_HISTORY_DAMAGED = (
    "Tệp lịch sử đổi khóa “{file}” bị hỏng hoặc không đúng định dạng. Khôi phục thư mục khóa "
    "từ bản sao lưu (Ctrl+B ở màn hình chính, hoặc cchc restore)."
)
KEYCHANGE_MEMBER_BAD = "Lời khai đổi khóa trong gói (key-change.json) không đọc được: {reason}"

SIGNKEY_SAVE_FAILED = (
    "Không lưu được khóa ký vào thư mục “{folder}” (mã lỗi hệ thống {code}). "
    "Kiểm tra ổ đĩa còn chỗ trống và có quyền ghi."
)
SIGNKEY_UNIT_EMPTY = "Chưa có mã đơn vị nên không tạo được khóa ký."

# --- Building the bundle (cchc_tui.exports.bundle) --------------------------------------------
BUNDLE_READ_DAMAGED = "Không lấy được tệp “{name}” từ gói báo cáo: gói bị hỏng hoặc không hợp lệ."
BUNDLE_READ_MISSING = "Gói báo cáo không có tệp “{name}”."

# --- Verifying a bundle at the receiving office (cchc_tui.exports.verify) --------------------
VERIFY_READ_FAILED = "Không đọc được tệp “{path}”: {reason}"
VERIFY_READ_NOT_FOUND = "không tìm thấy tệp (USB đã được rút ra hoặc tệp đã bị xóa)."
VERIFY_READ_DENIED = "không có quyền đọc tệp."
VERIFY_READ_IS_FOLDER = "đây là một thư mục, không phải tệp."
VERIFY_READ_OTHER = "lỗi đọc thiết bị (mã lỗi hệ thống {code}). Thử chép lại tệp từ USB."
VERIFY_EMPTY = (
    "Tệp rỗng (0 byte), không có dữ liệu. Có thể việc chép tệp sang USB chưa xong; "
    "đề nghị xã chép và gửi lại."
)
VERIFY_TOO_LARGE = (
    "Tệp quá lớn ({size}), vượt giới hạn {limit} của một gói báo cáo. Tệp không được mở."
)
VERIFY_NOT_ZIP = (
    "Đây không phải gói báo cáo CCHC, hoặc tệp bị chép thiếu, bị hỏng "
    "(không đọc được phần cuối của tệp nén)."
)
VERIFY_NO_SIGNATURE = (
    "Tệp nén này không mang chữ ký số của ứng dụng báo cáo CCHC "
    "(có thể đã bị giải nén rồi nén lại, hoặc bị sửa bằng công cụ khác). Không dùng tệp này."
)
VERIFY_BAD_SIGNATURE = (
    "Chữ ký số không khớp với nội dung: tệp đã bị thay đổi hoặc bị hỏng sau khi ký. "
    "Không dùng tệp này; đề nghị xã gửi lại gói báo cáo."
)
VERIFY_KEY_NOT_REGISTERED = (
    "Gói được ký bằng một khóa chưa được đăng ký cho đơn vị này (chưa xác thực). "
    "Mã nhận dạng khóa trong gói: {fingerprint}. Liên hệ xã để đối chiếu trước khi dùng."
)
VERIFY_NOTE_UNTRUSTED = (
    "Chữ ký hợp lệ nhưng chưa đối chiếu với khóa đã đăng ký của đơn vị (chưa xác thực). "
    "Mã nhận dạng khóa: {fingerprint}."
)
VERIFY_TRUSTED_KEY_INVALID = (
    "Khóa đã đăng ký của đơn vị không đúng định dạng (cần khóa công khai Ed25519). "
    "Kiểm tra lại khóa đã đăng ký."
)
VERIFY_LAYOUT = (
    "Cấu trúc tệp nén không đúng chuẩn của gói báo cáo "
    "(có dữ liệu thừa, bị chồng lấn hoặc bị thiếu). Không dùng tệp này."
)
VERIFY_TOO_MANY_MEMBERS = "Gói chứa quá nhiều tệp bên trong ({count}; tối đa {limit})."
VERIFY_UNSAFE_NAME = (
    "Gói chứa tệp có tên không an toàn “{name}” (có đường dẫn thư mục hoặc ký tự lạ). "
    "Không dùng tệp này."
)
VERIFY_MEMBER_NOT_ALLOWED = (
    "Gói chứa tệp không được phép “{name}”. Gói báo cáo chỉ được chứa: {allowed}."
)
VERIFY_DUPLICATE_MEMBER = (
    "Gói chứa hai tệp cùng tên “{name}”, có thể bị chèn nội dung giả. Không dùng tệp này."
)
VERIFY_MEMBER_TOO_LARGE = (
    "Tệp “{name}” trong gói khai báo kích thước quá lớn ({size}; tối đa {limit}). Không giải nén."
)
VERIFY_TOTAL_TOO_LARGE = (
    "Tổng kích thước các tệp trong gói quá lớn ({size}; tối đa {limit}). Không giải nén."
)
VERIFY_MEMBER_RATIO = (
    "Tệp “{name}” có tỉ lệ nén bất thường ({packed} giải nén thành {size}), "
    "nghi là “bom nén”. Không giải nén."
)
VERIFY_MEMBER_UNSUPPORTED = (
    "Tệp “{name}” trong gói dùng kiểu nén hoặc mã hóa mà gói báo cáo không dùng."
)
VERIFY_MEMBER_DAMAGED = "Tệp “{name}” trong gói bị hỏng, không giải nén được."
VERIFY_MANIFEST_MISSING = "Gói thiếu tệp mô tả manifest.json."
VERIFY_MANIFEST_UNREADABLE = "Không đọc được tệp mô tả manifest.json (sai định dạng)."
VERIFY_FORMAT_NEWER = (
    "Gói được tạo theo định dạng “{found}”; phiên bản ứng dụng này chỉ đọc được “{expected}”. "
    "Cần cập nhật ứng dụng."
)
VERIFY_FORMAT_UNKNOWN = "Tệp mô tả manifest.json không phải của gói báo cáo CCHC."
VERIFY_MANIFEST_FIELD = "Tệp mô tả manifest.json thiếu hoặc sai thông tin “{field}”."
VERIFY_KEY_MISMATCH = "Mã nhận dạng khóa ghi trong tệp mô tả khác với khóa đã ký gói."
VERIFY_REPORT_MISSING = "Gói không có tệp số liệu report.json."
VERIFY_MEMBER_MISSING = "Gói thiếu tệp “{name}” được ghi trong tệp mô tả."
VERIFY_MEMBER_UNLISTED = "Tệp “{name}” có trong gói nhưng không được ghi trong tệp mô tả."
VERIFY_MEMBER_SIZE = "Tệp “{name}” có kích thước khác với tệp mô tả ({size} thay vì {expected})."
VERIFY_MEMBER_HASH = "Nội dung tệp “{name}” khác với lúc ký (mã kiểm tra SHA-256 không khớp)."
VERIFY_UNEXPECTED = (
    "Không kiểm tra được tệp do lỗi không lường trước ({kind}). Coi như gói không hợp lệ."
)

# --- Writing to a USB stick (cchc_tui.base.atomic.write_bundle) ---------------------------
WRITE_FOLDER_MISSING = (
    "Không tìm thấy thư mục “{folder}”. Kiểm tra USB đã cắm chắc chưa, rồi thử lại."
)
WRITE_NOT_A_FOLDER = "“{folder}” không phải là thư mục. Hãy chọn một thư mục trên USB."
WRITE_READ_ONLY = (
    "Không ghi được vào “{folder}”: USB hoặc thư mục đang ở chế độ chỉ đọc "
    "(có thể do gạt khóa chống ghi trên USB). Mở khóa hoặc chọn nơi khác rồi thử lại."
)
WRITE_NO_SPACE = (
    "USB không đủ chỗ trống: cần khoảng {needed}, chỉ còn {free}. "
    "Xóa bớt tệp trên USB hoặc dùng USB khác."
)
WRITE_TOO_BIG_FAT32 = "Tệp quá lớn ({size}) để ghi lên USB định dạng FAT32 (tối đa 4 GB một tệp)."
WRITE_DISK_FULL = (
    "USB đã đầy trong khi ghi tệp “{name}”. Tệp ghi dở đã được xóa. "
    "Giải phóng chỗ trống hoặc dùng USB khác rồi ghi lại."
)
WRITE_READ_ONLY_DURING = (
    "Không ghi được tệp “{name}”: USB hoặc thư mục ở chế độ chỉ đọc, hoặc không có quyền ghi. "
    "Mở khóa chống ghi hoặc chọn nơi khác rồi thử lại."
)
WRITE_TARGET_GONE = (
    "Mất kết nối với USB trong khi ghi tệp “{name}” (USB bị rút ra hoặc lỗi thiết bị). "
    "Cắm lại USB rồi ghi lại; nếu trên USB còn tệp “{name}.part” thì xóa tệp đó đi."
)
WRITE_IN_USE = (
    "Không ghi được tệp “{name}”: một chương trình khác đang mở hoặc giữ tệp này "
    "(thường là Word, Excel, hoặc phần mềm diệt virus đang quét tệp). "
    "Đóng tệp trong chương trình đó, đợi một lát rồi thử lại."
)
WRITE_VERIFY_MISMATCH = (
    "Đọc lại tệp “{name}” vừa ghi thấy không khớp với bản gốc: USB có thể bị lỗi. "
    "Tệp đã được xóa; hãy thử lại hoặc dùng USB khác."
)
WRITE_OTHER = "Không ghi được tệp “{name}” (mã lỗi hệ thống {code}). Thử lại hoặc dùng USB khác."

# --- Export steps and results (cchc_tui.exports.package, screens/export.py, CLI) ---------------
EXPORT_STEP_KEY = "Mở khóa ký"
EXPORT_STEP_JSON = "Dữ liệu báo cáo"
EXPORT_STEP_XLSX = "Biểu mẫu Excel"
EXPORT_STEP_DOCX = "Báo cáo Word"
EXPORT_STEP_SIGN = "Ký gói"
EXPORT_STEP_WRITE = "Ghi ra {folder}"
EXPORT_DONE = "Đã ghi gói {name} ({size}) vào {folder} và đọc lại kiểm tra: đúng."
VERIFY_OK = "Gói hợp lệ: {unit}, kỳ {period}, lần {revision}, ký bởi {title} {signer} lúc {at}."
VERIFY_FINGERPRINT = "Dấu vân tay khóa: {fingerprint}"
VERIFY_OK_UNVERIFIED = (
    "Gói nguyên vẹn nhưng CHƯA XÁC THỰC nguồn: {unit}, kỳ {period}, lần {revision}, "
    "tự ghi là ký bởi {title} {signer} lúc {at}."
)
VERIFY_UNVERIFIED_REFUSED = (
    "Chưa đối chiếu với khóa đã đăng ký của đơn vị (--key) nên không biết ai đã ký gói này: "
    "bất kỳ ai cũng có thể tạo một gói ký bằng khóa của mình. Hãy kiểm tra lại với "
    "--key TỆP_KHÓA.pub.pem (khóa đã đăng ký), hoặc thêm --allow-unverified nếu chỉ cần biết "
    "gói có nguyên vẹn không."
)
VERIFY_BAD = "Gói KHÔNG hợp lệ:"
VERIFY_MEMBERS = "Thành phần: {members}"
KEYS_NONE = "Chưa có khóa ký nào (khóa được tạo ở lần ký duyệt đầu tiên của đơn vị)."
KEYS_LINE = "Đơn vị {unit}: dấu vân tay {fingerprint}"
KEYS_CHANGE_LINE = "  Đổi khóa lúc {at}: {old} → {new} (lý do: “{reason}”; {signed})"
KEYS_CHANGE_SIGNED = "lời khai ký bằng khóa cũ"
KEYS_CHANGE_UNSIGNED = "không còn khóa cũ, cơ quan đối chiếu qua điện thoại"
KEYS_NEW_PROMPT = "Mật khẩu của khóa mới: "
KEYS_AGAIN_PROMPT = "Gõ lại mật khẩu của khóa mới: "
KEYS_OLD_PROMPT = "Mật khẩu của khóa cũ: "
PASSPHRASE_NEEDED = "Cần mật khẩu khóa ký: dùng --passphrase-file TỆP hoặc gõ khi được hỏi."
PASSPHRASE_PROMPT = "Mật khẩu khóa ký: "
