"""Vietnamese texts: templates the provinces make themselves — formulas written as printed forms
write them, the Excel workbook of a template, the lint of a template, signed template packs and
their installation, the office's own key, carrying a report into a newer template version.

Placeholders use ``str.format`` names.
"""

from __future__ import annotations

# --- Printed formulas (cchc_tui.template.formulas) -------------------------------------------
FORMULA_BAD_CHAR = "có ký tự “{ch}” không dùng được trong công thức"
FORMULA_NO_ROW = "nhắc tới dòng {ref} nhưng Biểu mẫu {form} không có dòng STT (hoặc mã) {ref}"
FORMULA_NO_KEY = "nhắc tới dòng {ref} nhưng mẫu không có dòng này"
FORMULA_UNKNOWN_WORD = (
    "không hiểu “{word}”; công thức chỉ gồm STT các dòng, số, + - × / ( ), so sánh ≤ ≥ = ≠, "
    "“và”, “hoặc”, “tổng các dòng con”, “tổng(…; …)”, “tỷ lệ(…; …)”"
)
FORMULA_SYNTAX = "công thức viết chưa đúng: {reason}"
FORMULA_WORDS = {"and": "và", "or": "hoặc", "not": "không", "total": "tổng", "ratio": "tỷ lệ"}
"""How a printed formula writes the rule language's words (and the words it reads)."""
FORMULA_SUM_CHILDREN = "tổng các dòng con"
FORMULA_BOUND_COMPARE = (
    "cột giới hạn chỉ ghi giá trị lớn nhất (ví dụ “≤ 2.1”), không ghi phép so sánh"
)

# --- The template workbook (cchc_tui.authoring.workbook) -------------------------------------
WB_SHEET_GUIDE = "Hướng dẫn"
WB_SHEET_SETTINGS = "Cài đặt"
WB_SHEET_FORMS = "Biểu mẫu"
WB_SHEET_ROWS = "Chỉ tiêu"
WB_SHEET_CODES = "Danh mục mã"
WB_SHEET_RULES = "Quy tắc"
WB_SHEET_SECTIONS = "Phần lời"
WB_SHEET_DOCTYPES = "Loại văn bản"
WB_SHEET_CARRY = "Chuyển kỳ"

WB_SETTINGS_HEADER = ("Mục", "Giá trị", "Giải thích")
WB_SETTINGS = {
    "id": (
        "Mã mẫu",
        "Mã của mẫu, ví dụ thanh-hoa/phuong/cchc-9thang (chữ thường không dấu, gạch nối).",
    ),
    "version": (
        "Phiên bản",
        "Phiên bản của mẫu, ví dụ 2024. Mỗi lần sửa mẫu đã gửi đi thì tăng phiên bản.",
    ),
    "title": ("Tên báo cáo", "Tên báo cáo in ở đầu văn bản."),
    "province": ("Tỉnh", "Tỉnh ban hành mẫu."),
    "period_kinds": (
        "Kỳ báo cáo",
        "Các kỳ dùng mẫu, cách nhau bằng dấu ; — Quý; 6 tháng; 9 tháng; Năm.",
    ),
    "unit_kinds": (
        "Loại đơn vị",
        "Các loại đơn vị dùng mẫu, cách nhau bằng dấu ; — Xã; Phường; Thị trấn.",
    ),
    "receiving_office": (
        "Đơn vị nhận báo cáo",
        "Nơi nhận báo cáo, ví dụ Sở Nội vụ tỉnh Thanh Hóa.",
    ),
    "source": ("Nguồn", "Mẫu này làm theo văn bản nào (số, ngày), để người sau biết."),
    "decimals": ("Số chữ số thập phân", "Số chữ số sau dấu phẩy của các số tính ra (mặc định 2)."),
    "appendix_title": (
        "Tên phụ lục văn bản",
        "Để trống nếu báo cáo không có phụ lục danh mục văn bản.",
    ),
    "appendix_count_row": (
        "Dòng đếm số văn bản",
        "Dòng có số văn bản phải bằng số văn bản trong phụ lục, ví dụ BM1/1.",
    ),
}
WB_FORMS = {"number": "Số", "title": "Tên biểu mẫu", "area": "Lĩnh vực"}
WB_ROWS = {
    "form": "Biểu mẫu",
    "level": "Cấp",
    "stt": "STT",
    "key": "Mã dòng",
    "label": "Chỉ tiêu",
    "hint": "Giải thích",
    "unit_of_measure": "Đơn vị tính",
    "kind": "Loại",
    "group": "In đậm",
    "required": "Bắt buộc",
    "derive": "Công thức",
    "at_most": "Tối đa",
    "at_most_severity": "Mức khi vượt",
    "children_sum": "Cộng các dòng con",
    "code_list": "Danh mục mã",
    "none_code": "Mã “không có”",
    "evidence": "Tài liệu kiểm chứng",
    "decimals": "Số lẻ",
    "minimum": "Nhỏ nhất",
    "maximum": "Lớn nhất",
    "note": "Ghi chú",
}
WB_CODES = {"list": "Tên danh mục", "code": "Mã", "label": "Nhãn"}
WB_RULES = {
    "form": "Biểu mẫu",
    "key": "Mã quy tắc",
    "check": "Điều kiện",
    "rows": "Dòng báo",
    "severity": "Mức",
    "message": "Thông báo",
    "expected": "Giá trị đúng",
}
WB_SECTIONS = {
    "section": "Mã phần",
    "number": "Số",
    "title": "Tên phần",
    "part": "Thuộc phần",
    "area": "Lĩnh vực",
    "key": "Mã mục",
    "subtitle": "Tên mục",
    "guidance": "Hướng dẫn",
    "required": "Bắt buộc",
}
WB_DOCTYPES = {"name": "Tên loại", "symbols": "Ký hiệu"}
WB_CARRY = {"what": "Loại", "old": "Cũ", "new": "Mới", "note": "Ghi chú"}
WB_CARRY_ROW = "dòng"
WB_CARRY_SECTION = "mục"
WB_SEVERITY = {"error": "lỗi", "warning": "cảnh báo"}
WB_YES = "có"
WB_NO = "không"
WB_YES_WORDS = ("có", "x", "1", "true", "yes")
WB_NO_WORDS = ("không", "0", "false", "no")

WB_GUIDE = (
    "Sổ tính này là một mẫu báo cáo CCHC. Sửa trong Excel rồi chuyển lại bằng: cchc templates from-xlsx TỆP.xlsx --out MẪU.yaml",
    "Mỗi trang một phần của mẫu; dòng đầu mỗi trang là tên cột, đừng đổi. Không gộp ô, không dùng công thức Excel (ô bắt đầu bằng =): công thức của mẫu ghi dạng chữ.",
    "Cài đặt: mã mẫu, phiên bản, tên báo cáo, tỉnh, kỳ báo cáo, loại đơn vị, nơi nhận.",
    "Biểu mẫu: số và tên từng biểu mẫu thống kê.",
    "Chỉ tiêu: mỗi dòng một chỉ tiêu theo thứ tự in. Cấp 1 là dòng chính; cấp 2 là dòng con của dòng cấp 1 ngay trên; cấp 3 là dòng con của dòng cấp 2…",
    "   STT ghi như bản in (2.1.); dòng không có STT (Trong đó: Tại cấp huyện…) thì ghi Mã dòng, ví dụ 2.1.xa.",
    "   Loại: số nguyên, số, tỷ lệ %, số tiền (triệu đồng), mã, chữ, tiêu đề nhóm. Dòng loại mã ghi tên danh mục mã (trang Danh mục mã).",
    "   Công thức: dòng tự tính, ghi như bản in: 2.2 / 2.1 (tỷ lệ %), tổng các dòng con, 1.1 + 1.2, tổng(3.2.1; 3.2.2) (cộng các ô đã có số).",
    "   Tối đa: giá trị của dòng không được lớn hơn, ví dụ ≤ 2.1. Mức khi vượt: lỗi hoặc cảnh báo.",
    "   Số thập phân trong công thức dùng dấu phẩy (18,5); số có dấu chấm là STT của một dòng.",
    "Danh mục mã: các mã của dòng loại mã, ví dụ 0 = Chưa, 1 = Hoàn thành.",
    "Quy tắc: điều kiện giữa các dòng, ví dụ 4.2 + 4.3 + 4.4 ≤ 4.1; mức lỗi hoặc cảnh báo; thông báo cho cán bộ ({{actual}} là số tính được, {{expected}} là giá trị đúng).",
    "Phần lời: các phần, mục của phần lời báo cáo và hướng dẫn viết.",
    "Loại văn bản: các loại văn bản của phụ lục và ký hiệu (KH, QĐ…).",
    "Chuyển kỳ: khi mẫu mới đổi mã một dòng hay một mục so với phiên bản trước: Cũ là mã cũ, Mới là mã mới (nhiều mã cách nhau bằng ; khi tách dòng, để trống khi bỏ).",
    "Công thức khó ghi như bản in có thể ghi bằng ngôn ngữ quy tắc, ví dụ ratio({{2.2}}, {{2.1}}); bắt đầu bằng @ nếu không có dấu {{.",
)
"""Lines of the workbook's first sheet (``str.format()`` is applied to each: ``{{`` is ``{``)."""

WB_ERROR = "Tệp {file}, trang “{sheet}”, ô {cell}: {reason}"
WB_ERROR_SHEET = "Tệp {file}, trang “{sheet}”: {reason}"
WB_ERROR_FILE = "Tệp {file}: {reason}"
WB_NOT_FOUND = "không có tệp này"
WB_UNREADABLE = "không đọc được tệp ({reason})"
WB_TOO_LARGE = "tệp quá lớn ({size}); sổ tính một mẫu báo cáo chỉ vài trăm KB"
WB_XLS = "đây là tệp Excel 97–2003 (.xls); mở bằng Excel rồi chọn Lưu thành (Save As) dạng Sổ làm việc Excel (.xlsx)"
WB_CSV = "đây là tệp văn bản (CSV), không phải sổ tính Excel .xlsx; dùng tệp do cchc templates to-xlsx tạo ra"
WB_NOT_XLSX = "không phải sổ tính Excel .xlsx"
WB_DAMAGED = "sổ tính bị hỏng, Excel cũng không mở được"
WB_MISSING_SHEET = "thiếu trang này (các trang cần có: {sheets})"
WB_MERGED = "các ô {cells} đang gộp lại; bỏ gộp ô (Unmerge) rồi ghi giá trị vào từng ô"
WB_EXCEL_FORMULA = "ô chứa công thức Excel ({formula}); ghi công thức của mẫu dạng chữ, không có dấu = ở đầu (ví dụ 2.2 / 2.1)"
WB_UNKNOWN_COLUMN = "không biết cột “{header}”; các cột của trang này là: {columns}"
WB_MISSING_COLUMN = "thiếu cột “{header}”"
WB_DUP_COLUMN = "cột “{header}” có hai lần"
WB_UNKNOWN_SETTING = "không biết mục “{name}”; các mục là: {names}"
WB_SETTING_MISSING = "chưa ghi “{name}”"
WB_NOT_WHOLE = "“{value}” phải là số nguyên"
WB_NOT_NUMBER = "“{value}” không phải là số: {reason}"
WB_NOT_YES_NO = "“{value}” phải là “có” hoặc để trống (hoặc “không”)"
WB_UNKNOWN_KIND = "không biết loại “{value}”; các loại là: {kinds}"
WB_UNKNOWN_SEVERITY = "mức phải là “lỗi” hoặc “cảnh báo”, không phải “{value}”"
WB_UNKNOWN_PERIOD = "không biết kỳ báo cáo “{value}”; các kỳ là: {kinds}"
WB_UNKNOWN_UNIT_KIND = "không biết loại đơn vị “{value}”; các loại là: {kinds}"
WB_NO_FORM = "chưa ghi số biểu mẫu"
WB_FORM_UNKNOWN = "Biểu mẫu {number} chưa có trong trang “{sheet}”"
WB_FORM_DUP = "Biểu mẫu {number} có hai lần"
WB_FORM_TITLE = "chưa ghi tên biểu mẫu"
WB_LEVEL_JUMP = (
    "cấp {level} nhưng dòng trên không có cấp {parent}; dòng con phải ngay dưới dòng cha"
)
WB_LEVEL_BAD = "cấp phải từ 1 trở lên"
WB_NO_LABEL = "chưa ghi tên chỉ tiêu"
WB_NO_STT = "dòng không có STT thì phải ghi mã dòng (ví dụ 2.1.xa)"
WB_DUP_ROW = (
    "dòng {key} có hai lần trong Biểu mẫu {form}; ghi mã dòng khác cho một dòng (ví dụ {stt}b)"
)
WB_BAD_KEY = "mã dòng “{value}” không đúng: {reason}"
WB_FORMULA = "công thức “{formula}” {reason}"
WB_CYCLE = "công thức tính vòng tròn: {keys}; một dòng không thể tính từ chính nó"
WB_CODE_LIST_UNKNOWN = "danh mục mã “{name}” chưa có trong trang “{sheet}”"
WB_CODE_LIST_NEEDED = "dòng loại mã phải ghi tên danh mục mã"
WB_CODE_LIST_NAME = "chưa ghi tên danh mục"
WB_CODE_DUP = "mã {code} có hai lần trong danh mục “{name}”"
WB_CODE_LABEL = "chưa ghi nhãn của mã {code}"
WB_RULE_KEY = "chưa ghi mã quy tắc"
WB_RULE_DUP = "mã quy tắc “{key}” có hai lần"
WB_RULE_CHECK = "chưa ghi điều kiện"
WB_RULE_MESSAGE = "chưa ghi thông báo cho cán bộ"
WB_RULE_ROWS = "chưa ghi dòng nào để báo (ví dụ 4.2; 4.3)"
WB_RULE_ROW_UNKNOWN = "dòng {ref} không có trong Biểu mẫu {form}"
WB_SECTION_KEY = "dòng này chưa thuộc phần nào: ghi mã phần"
WB_SECTION_TITLE = "chưa ghi tên phần"
WB_SUBHEADING_TITLE = "chưa ghi tên mục"
WB_DUP_SECTION = "mã “{key}” có hai lần trong phần lời"
WB_DOCTYPE_NAME = "chưa ghi tên loại văn bản"
WB_CARRY_WHAT = "loại phải là “dòng” hoặc “mục”, không phải “{value}”"
WB_CARRY_OLD = "chưa ghi mã cũ"
WB_CARRY_NEW_UNKNOWN = "{what} {key} không có trong mẫu này"
WB_TOO_MANY_ROWS = "trang có quá nhiều dòng ({rows}); tối đa {limit}"
WB_NOT_TEXT = "ô chứa {kind}, cần chữ"
WB_CHECK = "mẫu chưa đúng: {reason}"

# --- Lint (cchc_tui.template.lint) -----------------------------------------------------------
LINT_DUP_LABEL = "{key} cùng tên với {other} (“{label}”) dưới cùng một dòng cha: in nhầm một dòng?"
LINT_STT_GAP = "{key}: STT {stt} nhảy số, thiếu {missing}"
LINT_STT_REPEAT = "{key}: STT {stt} in hai lần"
LINT_STT_ORPHAN = "{key}: STT {stt} nằm dưới dòng {parent} nhưng không có dòng {missing}"
LINT_RATE_UNIT = "{key}: dòng “Tỷ lệ …” nhưng đơn vị tính là {unit}, không phải %"
LINT_NO_UNIT = "(trống)"
LINT_UNIT_IN_LABEL = "{key}: đơn vị tính “{unit}” lặp lại ở cuối tên chỉ tiêu"
LINT_TOTAL_UNCHECKED = "{key}: dòng “Tổng số …” có dòng con nhưng không có công thức, không kiểm tra tổng các dòng con và không có giới hạn ≤"
LINT_RATIO_UNITS = (
    "{key}: tỷ lệ {part} / {whole} chia hai dòng khác đơn vị ({part_unit} / {whole_unit})"
)
LINT_BOUND_UNITS = "{key}: giới hạn ≤ {refs} so sánh {unit} với {other}"
LINT_RULE_UNITS = "quy tắc {key} so sánh các dòng khác đơn vị: {left} với {right}"

# --- The office's own key (cchc_tui.signing.office_key) -------------------------------------
OFFICE_KEY_OWNER = "văn phòng (đơn vị nhận báo cáo)"

# --- Template loader: the mapping section (cchc_tui.template.loader) -------------------------
TPL_PLACE_CARRY = "chuyển kỳ, dòng cũ {key}"
TPL_CARRY_ROW = "dòng mới “{key}” không có trong mẫu"
TPL_CARRY_SECTION = "mục mới “{key}” không có trong mẫu"

# --- Template packs (cchc_tui.authoring.pack) ------------------------------------------------
PACK_NOT_UTF8 = "tệp mẫu không phải văn bản UTF-8"
PACK_NOT_FOUND = "Không có tệp gói mẫu “{file}”."
PACK_IS_FOLDER = "“{file}” là thư mục; hãy chỉ tệp gói mẫu (….cchc-tpl.zip)."
PACK_UNREADABLE = "Không đọc được tệp gói mẫu {file}: {reason}"
PACK_TOO_LARGE = "Tệp gói mẫu {file} quá lớn ({size}, tối đa {limit})."
PACK_EMPTY = "Tệp rỗng, không phải gói mẫu."
PACK_NOT_A_PACK = "Đây không phải gói mẫu báo cáo (….cchc-tpl.zip)."
PACK_UNSIGNED = "Gói không có chữ ký của đơn vị nhận báo cáo: không cài mẫu chưa ký."
PACK_ALTERED = "Chữ ký không khớp nội dung: gói đã bị sửa hoặc hỏng sau khi ký. Xin đơn vị nhận báo cáo gửi lại."
PACK_FOREIGN_KEY = (
    "Gói được ký bằng khóa có mã nhận dạng {fingerprint}, không phải khóa của đơn vị nhận báo cáo đã đăng ký "
    "trên máy này. Gọi điện cho đơn vị nhận báo cáo để đối chiếu mã này."
)
PACK_NO_OFFICE_KEY = (
    "Máy này chưa đăng ký khóa của đơn vị nhận báo cáo nên chưa cài được gói ký bằng khóa {fingerprint}. "
    "Đăng ký một lần bằng: cchc office-key add TỆP.pub.pem (đối chiếu mã nhận dạng qua điện thoại)."
)
PACK_MEMBERS = "gói phải chứa đúng manifest.json và template.yaml, nhưng có: {found}"
PACK_MEMBER_DAMAGED = "tệp {name} trong gói bị hỏng hoặc không hợp lệ"
PACK_DAMAGED = "cấu trúc gói bị hỏng"
PACK_MANIFEST_UNREADABLE = "không đọc được manifest.json của gói"
PACK_FORMAT_NEWER = (
    "gói dạng {found}, ứng dụng này chỉ đọc {expected}: hãy cài phiên bản ứng dụng mới hơn"
)
PACK_MANIFEST_FIELD = "manifest.json thiếu hoặc sai trường {field}"
PACK_MEMBER_MISMATCH = "tệp {name} khác với manifest.json (kích thước hoặc mã SHA-256)"
PACK_TEMPLATE_INVALID = "mẫu trong gói không dùng được: {reason}"
PACK_TEMPLATE_ID = "mẫu trong gói là {found}, manifest.json ghi {expected}"
PACK_UNEXPECTED = "lỗi không lường trước khi đọc gói ({kind})"
PACK_REFUSED = "Không cài gói mẫu {file}:\n{problems}"
PACK_SHADOWS_BUILTIN = "Mẫu {id} đã có sẵn trong ứng dụng; gói mẫu phải mang phiên bản mới."
PACK_VERSION_DIFFERS = (
    "Mẫu {id} đã cài trên máy này (do {office} phát hành) nhưng gói này có nội dung khác. "
    "Mỗi lần sửa mẫu, đơn vị nhận báo cáo phải tăng phiên bản; báo cáo đã làm với phiên bản cũ vẫn giữ nguyên."
)
PACK_SAVE_FAILED = "Không lưu được mẫu vào thư mục “{folder}” (mã lỗi hệ thống {code}). Kiểm tra ổ đĩa còn chỗ trống và có quyền ghi."

# --- Command lines (cchc_tui.cli.templates, cchc_tui.cli.office) -----------------------------
CLI_HELP_TPL_FILE_ANY = "tệp mẫu (.yaml) hoặc sổ tính mẫu (.xlsx)"
CLI_HELP_TPL_TO_XLSX = "ghi một mẫu ra sổ tính Excel để sửa"
CLI_HELP_TPL_ID_OR_FILE = "mã mẫu (ví dụ hai-duong/xa/cchc-nam@2023) hoặc tệp mẫu .yaml"
CLI_HELP_TPL_OUT_XLSX = "tệp sổ tính sẽ ghi (.xlsx)"
CLI_HELP_TPL_FROM_XLSX = "chuyển sổ tính Excel của mẫu thành tệp mẫu .yaml"
CLI_HELP_TPL_XLSX = "sổ tính mẫu (.xlsx)"
CLI_HELP_TPL_OUT_YAML = "tệp mẫu sẽ ghi (.yaml)"
CLI_HELP_TPL_INSTALL = "cài một gói mẫu do đơn vị nhận báo cáo gửi (kiểm tra chữ ký)"
CLI_HELP_TPL_PACK = "tệp gói mẫu (….cchc-tpl.zip)"
CLI_HELP_OFFICE_KEY = "khóa của đơn vị nhận báo cáo (để cài gói mẫu)"
CLI_HELP_OFFICE_KEY_ADD = "đăng ký khóa công khai của đơn vị nhận báo cáo (một lần)"
CLI_HELP_OFFICE_KEY_PEM = "tệp khóa công khai (.pub.pem) đơn vị nhận báo cáo gửi"
CLI_HELP_OFFICE_KEY_NAME = "tên đơn vị nhận báo cáo, ví dụ “Sở Nội vụ tỉnh Thanh Hóa”"
CLI_HELP_OFFICE_KEY_LIST = "liệt kê các khóa đã đăng ký"
CLI_HELP_OFFICE_TEMPLATES = "mẫu báo cáo gửi các đơn vị"
CLI_HELP_OFFICE_PUBLISH = "ký và ghi gói mẫu để gửi các xã, phường"
CLI_HELP_OFFICE_TPL_FILE = "tệp mẫu (.yaml) đã kiểm tra"
CLI_HELP_OFFICE_TPL_OUT = "thư mục ghi gói mẫu (ví dụ ổ USB)"
CLI_HELP_OFFICE_TPL_NAME = (
    "tên đơn vị phát hành in trong gói (mặc định: nơi nhận báo cáo ghi trong mẫu)"
)

TPL_SOURCE_BUILTIN = "có sẵn trong ứng dụng"
CLI_TPL_LIST_HEADER = ("Mẫu", "Tên", "Tỉnh", "Kỳ", "Biểu mẫu", "Nguồn")
CLI_TPL_LINT_NONE = "Không có cảnh báo."
CLI_TPL_LINT_HEAD = "{count} cảnh báo (nên xem lại trước khi gửi mẫu, không bắt buộc sửa):"
CLI_TPL_LINT_LINE = "- Biểu mẫu {form}: {message}"
CLI_TPL_OUT_NOT_XLSX = "Tệp ghi ra phải có đuôi .xlsx: {file}"
CLI_TPL_XLSX_WRITTEN = "Đã ghi mẫu {id} ra sổ tính {file}. Sửa trong Excel, rồi: cchc templates from-xlsx {file} --out MẪU.yaml"
CLI_TPL_YAML_HEADER = "Mẫu báo cáo làm từ sổ tính {file} (cchc templates from-xlsx)."
CLI_TPL_YAML_WRITTEN = "Đã ghi mẫu {id} ra {file}: {forms} biểu mẫu, {rows} chỉ tiêu."
CLI_TPL_INSTALLED = "Đã cài mẫu {id} — {title} (do {office} phát hành)."
CLI_TPL_ALREADY = "Mẫu {id} (do {office} phát hành) đã cài trên máy này, giữ nguyên."
CLI_TPL_SIGNED_BY = "Mã nhận dạng khóa ký: {fingerprint}"
OFFICE_KEY_DEFAULT_NAME = "Đơn vị nhận báo cáo"
CLI_OFFICE_KEY_ADDED = "Đã đăng ký khóa của {name}. Mã nhận dạng: {fingerprint}"
CLI_OFFICE_KEY_SAME = "Khóa này đã đăng ký (của {name}). Mã nhận dạng: {fingerprint}"
CLI_OFFICE_KEY_PHONE = "Gọi điện cho đơn vị nhận báo cáo, đọc mã nhận dạng trên và đối chiếu từng nhóm 4 ký tự; nếu khác, đừng cài gói mẫu nào của khóa này."
CLI_OFFICE_KEY_NONE = (
    "Chưa đăng ký khóa của đơn vị nhận báo cáo nào. Dùng: cchc office-key add TỆP.pub.pem"
)
CLI_OFFICE_KEY_HEADER = ("Đơn vị", "Mã nhận dạng", "Ngày đăng ký")
CLI_TPL_PUBLISHED = "Đã ghi gói mẫu {name} ({size}) vào {folder}."
CLI_TPL_PUBLISHED_KEY = "Khóa công khai của văn phòng: {file} — các xã, phường đăng ký một lần bằng cchc office-key add."
CLI_TPL_PUBLISH_FINGERPRINT = (
    "Mã nhận dạng khóa của văn phòng (đọc qua điện thoại cho các xã, phường): {fingerprint}"
)
CLI_TPL_PUBLISH_NEW_KEY = "Đã tạo khóa ký của văn phòng (lần phát hành đầu tiên). Giữ kỹ mật khẩu: mất mật khẩu là phải đăng ký lại khóa ở mọi xã, phường."

# --- Carrying a report into a newer template version (cchc_tui.domain.carry) -----------------
CARRY_LINE = "{key} {label}: {value} — {reason}"
CARRY_DROPPED = "mẫu mới không còn dòng này"
CARRY_SPLIT = "mẫu mới tách dòng này thành {keys}; nhập lại từng dòng"
CARRY_DOES_NOT_FIT = "giá trị không hợp với dòng {key} của mẫu mới"
CARRY_SECTION_DROPPED = "mẫu mới không còn mục này; nội dung không được chép sang"
CARRY_TITLE = "Những gì của kỳ trước không chuyển sang mẫu {template}"
CARRY_HINT = "Báo cáo mới dùng mẫu mới; các mục dưới đây của kỳ trước không có chỗ trong mẫu này. Ghi lại nếu cần, rồi Enter để đóng."
CARRY_CLOSE = "Đã rõ"

# --- Screens (cchc_tui.screens.templates, the home screen's palette) -------------------------
TPL_SCREEN_TITLE = "Mẫu báo cáo trên máy này"
TPL_SCREEN_HINT = "Mẫu mới do đơn vị nhận báo cáo gửi: cchc templates install TỆP.cchc-tpl.zip. Báo cáo đã làm giữ phiên bản mẫu của nó; kỳ mới (Ctrl+K) dùng phiên bản mới nhất."
TPL_SCREEN_COLUMNS = ("Mẫu", "Phiên bản", "Nguồn", "Ngày cài", "Khóa ký", "Tên")
CMD_TEMPLATES = "Mẫu báo cáo trên máy này"
KEY_TEMPLATES = "Mẫu báo cáo"
