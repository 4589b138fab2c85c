"""Vietnamese texts: the database's integrity and the seal of a signed report (see the package
docstring).

Texts of opening a database that is damaged, foreign or newer (``cchc_tui.db.engine``), of
database errors while working (full disk, device errors), of the seal made at sign-off and the
audit trail's hash chain (``cchc_tui.service.reports``), and of ``cchc check-db``. Each says
what happened and what to do. Placeholders use ``str.format`` names. Prefixes: ``DB_``,
``SEAL_``, ``CHAIN_``, ``CHECKDB_`` (and the help of ``check-db``).
"""

from __future__ import annotations

# --- Opening a database (cchc_tui.db.engine) --------------------------------------------------
DB_UNCHANGED = "Tệp chưa bị thay đổi."
DB_RESTORE_HINT = (
    "Cách xử lý: đóng phần mềm, chép bản sao lưu gần nhất của thư mục dữ liệu cchc-tui "
    "(tệp cchc.sqlite3 cùng các tệp -wal, -shm bên cạnh) đè lên, rồi mở lại. Nếu không có bản "
    "sao lưu, giữ nguyên tệp này và báo cán bộ công nghệ thông tin."
)
DB_DAMAGED = (
    "Cơ sở dữ liệu {path} bị hỏng (không qua được kiểm tra tính toàn vẹn; “cchc check-db” "
    "cho biết chi tiết). "
    "Phần mềm không dùng tệp này để tránh làm hỏng thêm hoặc ký nhầm số liệu sai. "
    + DB_UNCHANGED
    + " "
    + DB_RESTORE_HINT
)
DB_NOT_A_DATABASE = (
    "Tệp {path} không phải cơ sở dữ liệu (có thể chọn nhầm tệp, hoặc tệp đã bị ghi đè hay hỏng "
    "phần đầu). "
    + DB_UNCHANGED
    + " Hãy chọn đúng tệp cchc.sqlite3 (--db), hoặc: "
    + DB_RESTORE_HINT
)
DB_FOREIGN = (
    "Tệp {path} là cơ sở dữ liệu của một phần mềm khác, không phải của phần mềm báo cáo CCHC. "
    + DB_UNCHANGED
    + " Hãy chọn đúng tệp cchc.sqlite3 (--db)."
)
DB_NEWER = (
    "Cơ sở dữ liệu {path} do một phiên bản mới hơn của phần mềm tạo ra (phiên bản dữ liệu "
    "{found}; phiên bản đang chạy chỉ đọc được đến {head}). " + DB_UNCHANGED + " Hãy cài phiên "
    "bản mới nhất từ bộ cài, hoặc chép lại bản sao lưu làm bằng phiên bản này."
)
DB_FULL = (
    "Ổ đĩa chứa cơ sở dữ liệu {path} đã đầy nên thay đổi vừa rồi CHƯA được lưu; những gì đã lưu "
    "trước đó vẫn còn. Hãy xóa bớt tệp không cần trên ổ đĩa đó rồi làm lại."
)
DB_IO_ERROR = (
    "Không đọc hoặc ghi được cơ sở dữ liệu {path} (lỗi thiết bị: ổ đĩa hỏng, USB bị rút hay mạng "
    "bị ngắt). Thay đổi vừa rồi CHƯA được lưu. Hãy kiểm tra ổ đĩa, đóng rồi mở lại phần mềm; nếu "
    "vẫn lỗi: " + DB_RESTORE_HINT
)
DB_READ_ONLY = (
    "Không ghi được vào cơ sở dữ liệu {path}: tệp hoặc thư mục chỉ cho đọc (hoặc bị phần mềm "
    "khác giữ). Thay đổi vừa rồi CHƯA được lưu. Hãy kiểm tra quyền ghi của thư mục."
)
DB_CANT_OPEN = (
    "Không mở được cơ sở dữ liệu {path}: không có quyền hoặc đường dẫn không tồn tại. "
    "Hãy kiểm tra ổ đĩa và thư mục."
)

# --- The seal of a signed revision (cchc_tui.service.reports) ---------------------------------
SEAL_REPORT = "Báo cáo số {id} ({unit}, kỳ {period}, lần {revision})"
SEAL_MISSING = (
    "{report} đã ký duyệt nhưng không có niêm phong (ký trước khi phần mềm có niêm phong, hoặc "
    "niêm phong đã bị xóa ngoài phần mềm)."
)
SEAL_CHANGED = (
    "{report} đã bị sửa ngoài phần mềm sau khi ký duyệt: khác với nội dung đã niêm phong ở "
    "{fields}."
)
SEAL_DAMAGED = "{report}: niêm phong bị hỏng hoặc bị sửa (không khớp với chính nó)."
SEAL_BAD_SIGNATURE = "{report}: chữ ký của niêm phong không hợp lệ (niêm phong đã bị sửa)."
SEAL_OTHER_KEY = (
    "{report}: niêm phong được ký bằng khóa khác khóa của đơn vị trên máy này (mã nhận dạng "
    "{fingerprint})."
)
SEAL_NO_UNIT_KEY = (
    "{report}: không có khóa công khai của đơn vị trên máy này; chữ ký niêm phong chỉ được đối "
    "chiếu với khóa lưu kèm niêm phong."
)
SEAL_MORE_FIELDS = "{fields} và {more} chỗ khác"
CHAIN_BROKEN = (
    "Nhật ký thay đổi của báo cáo số {id} ({unit}, kỳ {period}) đã bị sửa, chèn hoặc xóa ngoài "
    "phần mềm (chuỗi kiểm tra đứt từ dòng nhật ký số {row})."
)
CHAIN_SEAL_MISMATCH = (
    "{report}: nhật ký thay đổi đến lúc ký duyệt không còn như khi niêm phong (dòng ký duyệt đã "
    "bị sửa hoặc xóa)."
)
SEAL_WHAT_TO_DO = (
    "Cách xử lý: khôi phục cơ sở dữ liệu từ bản sao lưu; hoặc mở lại báo cáo (tạo lần mới), "
    "kiểm tra lại từng số liệu với bản giấy rồi ký duyệt lại."
)
SEAL_EXPORT_REFUSED = (
    "Không xuất gói báo cáo, không có tệp nào được ghi. {problem} " + SEAL_WHAT_TO_DO
)
SEAL_OPEN_WARNING = (
    "CẢNH BÁO: cơ sở dữ liệu có {count} vấn đề về niêm phong hoặc nhật ký (dữ liệu có thể đã bị "
    "sửa ngoài phần mềm). Chạy “cchc check-db” để xem chi tiết. " + SEAL_WHAT_TO_DO
)

# --- cchc check-db ------------------------------------------------------------------------
CHECKDB_INTEGRITY_OK = "Kiểm tra toàn vẹn (integrity_check) của {path}: không có lỗi."
CHECKDB_COUNTS = (
    "Đã kiểm tra {reports} báo cáo, {sealed} bản đã ký có niêm phong, {audit} dòng nhật ký."
)
CHECKDB_RECEIVED = (
    "{count} báo cáo nhận từ đơn vị (gói đã ký, kiểm tra khi nhập) không có niêm phong riêng."
)
CHECKDB_OK = "Không phát hiện vấn đề: niêm phong và nhật ký thay đổi còn nguyên vẹn."
CHECKDB_PROBLEMS = "Phát hiện {count} vấn đề:"
CHECKDB_NOTE = "Lưu ý: {note}"
CHECKDB_DAMAGE_LINE = "- SQLite báo: {line}"
CLI_HELP_CHECK_DB = (
    "kiểm tra cơ sở dữ liệu: toàn vẹn tệp (integrity_check), niêm phong các bản đã ký, nhật ký"
)
