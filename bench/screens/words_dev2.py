"""The second development wording pool: for a label slot of the development families
(``Ctx.word`` slots), other wordings a unit's system writes. Drawn instead of the
family's own options on ``dev2-words`` pages. Written without opening the held-out
pool.

Every option keeps the slot's meaning (a fact's label still means that fact) and is
not among the slot's development options: abbreviations (VB, HS, SL, TK, CKS, TTHC,
DVCTT, CBCCVC), other word orders, other head nouns and qualifiers, upper-case
headers, «hoá» spellings, units in parentheses, other period words."""

from __future__ import annotations

WORDS_DEV2: dict[str, tuple[str, ...]] = {
    # ------------------------------------------------ QLVB&ĐH statistics by sub-unit
    # two-level headers: a group («Văn bản đến») over «Tổng số | Số hóa» …
    "qlvb.group_incoming": ("VĂN BẢN ĐẾN", "Số văn bản đến", "VB đến trong kỳ",
                            "Văn bản nhận đến", "Tiếp nhận văn bản đến"),
    "qlvb.group_outgoing": ("VĂN BẢN ĐI", "Số văn bản đi", "VB đi trong kỳ",
                            "Văn bản phát hành", "VB phát hành đi"),
    "qlvb.sub_total": ("Tổng cộng", "SL", "Tổng số (văn bản)", "TỔNG SỐ", "Số VB"),
    "qlvb.sub_digitized": ("Số hoá", "Đã số hoá", "Số hóa (bản điện tử)", "ĐÃ SỐ HÓA",
                           "Đã được số hóa"),
    "qlvb.sub_org": ("Ký số của cơ quan", "CKS tổ chức", "CKS cơ quan", "KÝ SỐ TỔ CHỨC",
                     "Có chữ ký số của cơ quan", "Ký số (tổ chức)"),
    "qlvb.sub_personal": ("Ký số của cá nhân", "CKS cá nhân", "KÝ SỐ CÁ NHÂN",
                          "Lãnh đạo ký số", "Ký số (cá nhân)"),
    # flat headers
    "qlvb.incoming": ("Số văn bản đến", "Văn bản đến - Tổng", "Tổng VB đến", "VĂN BẢN ĐẾN",
                      "Văn bản đến (văn bản)", "SL văn bản đến"),
    "qlvb.outgoing": ("Số văn bản đi", "Văn bản đi - Tổng", "Tổng VB đi", "VĂN BẢN ĐI",
                      "Văn bản phát hành (văn bản)", "SL văn bản đi"),
    "qlvb.signed": ("Số VB đi ký số", "Văn bản đi - Ký số", "Ký số văn bản đi",
                    "VB ĐI CÓ KÝ SỐ", "VB đi có chữ ký số", "Phát hành có ký số"),
    # ------------------------------------------------ outgoing-document list
    "outlist.sigcol": ("CKS", "KÝ SỐ", "Trạng thái ký số", "Đã ký số?"),
    "outlist.sum_total": ("Tổng số văn bản phát hành", "Số VB đi", "Tổng cộng văn bản đi",
                          "TỔNG SỐ VĂN BẢN ĐI", "Văn bản đi (tổng)"),
    "outlist.sum_signed": ("trong đó đã ký số", "có chữ ký số", "số VB ký số",
                           "Đã ký số (văn bản)", "Trong đó: ký số"),
    # ------------------------------------------------ one-stop dashboard tiles
    "os.received": ("Đã tiếp nhận", "Số hồ sơ đã tiếp nhận", "Tổng số HS tiếp nhận",
                    "HỒ SƠ TIẾP NHẬN", "Hồ sơ đã nhận", "Tiếp nhận (hồ sơ)"),
    "os.online": ("Nộp qua mạng", "Tiếp nhận trực tuyến", "HS trực tuyến",
                  "Hồ sơ nộp qua DVCTT", "HỒ SƠ TRỰC TUYẾN", "Nộp hồ sơ trực tuyến"),
    "os.resolved": ("Đã xử lý xong", "Số hồ sơ đã giải quyết", "HS đã xử lý",
                    "ĐÃ GIẢI QUYẾT", "Hồ sơ đã có kết quả", "Giải quyết xong"),
    "os.on_time": ("Giải quyết trước hạn, đúng hạn", "Đúng hạn và trước hạn",
                   "HS giải quyết đúng hạn", "ĐÚNG HẠN", "Trả kết quả đúng hạn",
                   "Đúng và trước hạn"),
    "os.late": ("Giải quyết trễ hạn", "HS quá hạn", "Trả kết quả quá hạn", "QUÁ HẠN",
                "Trễ hẹn", "Quá hạn giải quyết"),
    # ------------------------------------------------ public-service statistics by field
    "dvc.group_received": ("Số HS tiếp nhận", "HỒ SƠ TIẾP NHẬN", "Đã tiếp nhận",
                           "Tiếp nhận hồ sơ", "Hồ sơ đã nhận"),
    "dvc.group_resolved": ("Số HS đã giải quyết", "HỒ SƠ ĐÃ GIẢI QUYẾT",
                           "Kết quả giải quyết", "Đã xử lý", "Hồ sơ đã xử lý xong"),
    "dvc.sub_total": ("Tổng cộng", "SL", "Số lượng", "TỔNG SỐ", "Tổng số HS"),
    "dvc.sub_online": ("Qua mạng", "Nộp qua mạng", "Trực tuyến (DVCTT)", "TRỰC TUYẾN",
                       "Tiếp nhận trực tuyến", "Qua cổng DVC"),
    "dvc.sub_direct": ("Nộp trực tiếp", "Tại quầy", "Trực tiếp, BCCI", "TRỰC TIẾP",
                       "Tiếp nhận trực tiếp", "Trực tiếp và qua bưu chính"),
    "dvc.sub_on_time": ("Trước hạn, đúng hạn", "Đúng và trước hạn", "ĐÚNG HẠN",
                        "Giải quyết đúng hạn", "Đúng hạn (hồ sơ)"),
    "dvc.sub_late": ("Trễ hẹn", "QUÁ HẠN", "Giải quyết quá hạn", "Quá hạn (hồ sơ)",
                     "Trễ hạn (HS)"),
    # ------------------------------------------------ mail administration
    "mail.total": ("Số lượng tài khoản", "Tổng số TK thư", "Tổng số hộp thư công vụ",
                   "TỔNG SỐ TÀI KHOẢN", "Tài khoản đã cấp", "Số hộp thư đã cấp"),
    "mail.active": ("Tài khoản đang sử dụng", "TK đang hoạt động", "Hộp thư đang sử dụng",
                    "ĐANG HOẠT ĐỘNG", "Đang sử dụng", "Số TK hoạt động"),
    # ------------------------------------------------ staff list
    "staff.total": ("Tổng CBCCVC", "Số lượng CBCCVC", "TỔNG SỐ CBCCVC",
                    "Tổng số cán bộ công chức viên chức", "Cán bộ, công chức, viên chức",
                    "Tổng số CB, CC, VC"),
    "staff.unit_col": ("Số lượng CBCCVC", "CBCCVC", "Số CB, CC, VC", "SỐ CBCCVC",
                       "Số người"),
    # ------------------------------------------------ ICT report
    "ict.computers": ("Số máy tính được trang bị", "Máy vi tính (chiếc)", "TỔNG SỐ MÁY TÍNH",
                      "Số lượng máy tính", "Máy tính trang bị cho CBCCVC",
                      "Tổng số máy tính (bộ)"),
    "ict.connected": ("Số máy tính kết nối Internet", "Máy tính đã kết nối mạng",
                      "MÁY TÍNH KẾT NỐI INTERNET", "Máy tính nối mạng",
                      "Có kết nối Internet (chiếc)", "Máy tính kết nối mạng LAN, Internet"),
    "ict.meetings": ("Số hội nghị truyền hình", "Cuộc họp trực tuyến đã tổ chức",
                     "HỌP TRỰC TUYẾN", "Số cuộc họp, hội nghị trực tuyến",
                     "Hội nghị trực tuyến (cuộc)", "Họp trực tuyến"),
    "ict.articles": ("Số tin bài đã đăng tải", "Tin, bài đã đăng", "TIN BÀI ĐÃ ĐĂNG",
                     "Số bài viết đã xuất bản", "Tin bài được đăng tải", "Tin, bài (bài)"),
    # ------------------------------------------------ services by online level
    "lv.total": ("Tổng TTHC", "Số TTHC", "TỔNG SỐ TTHC", "Tổng số thủ tục hành chính",
                 "TTHC (thủ tục)", "Thủ tục hành chính"),
    # one slot for both namings (before and since 2022): each option still means level 3/4
    "lv.l3": ("DVC trực tuyến mức độ 3", "MỨC ĐỘ 3", "Trực tuyến một phần", "DVCTT mức 3",
              "Một phần trực tuyến", "Mức độ 3 (thủ tục)"),
    "lv.l4": ("DVC trực tuyến mức độ 4", "MỨC ĐỘ 4", "Trực tuyến toàn trình", "DVCTT mức 4",
              "Toàn trình trực tuyến", "Mức độ 4 (thủ tục)"),
    # ------------------------------------------------ periods (chrome.period_filter)
    "period.from_to": ("Từ|Tới", "Từ ngày:|Đến ngày:", "TỪ NGÀY|ĐẾN NGÀY",
                       "Ngày bắt đầu:|Ngày kết thúc:", "Từ ngày|Tới ngày",
                       "Thời gian từ|đến"),
    "period.sep": (" tới ", " ~ ", " — ", " đến ngày "),
    "period.time": ("Kỳ:", "THỜI GIAN:", "Thời gian báo cáo:", "Kỳ tổng hợp:",
                    "Số liệu:"),
    "period.report": ("Kỳ", "KỲ BÁO CÁO", "Kỳ tổng hợp", "Thời kỳ báo cáo", "Kỳ BC"),
    "period.range": ("Thời gian báo cáo", "KHOẢNG THỜI GIAN", "Thời gian tổng hợp",
                     "Khoảng ngày", "Chọn thời gian", "Từ ngày - Đến ngày"),
    "period.sentence": ("Số liệu được tổng hợp từ ngày", "Dữ liệu từ ngày",
                        "Báo cáo từ ngày", "Tổng hợp số liệu từ ngày",
                        "Số liệu thống kê tính từ ngày", "Kỳ báo cáo từ ngày"),
}
