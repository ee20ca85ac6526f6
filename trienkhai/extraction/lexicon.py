"""Word lists for the extractor: surnames, ranks, office words, type words, stop words.

Everything here is general knowledge of Vietnamese names and of the Party/State apparatus,
written as lookup keys (see `textutil.key`: NFC, case-folded, old-style tone placement).
No entry is taken from an evaluation article.
"""
from __future__ import annotations

import functools
import json

from trienkhai.documents.symbols_grammar import old_style_tones


def _keys(text: str) -> frozenset[str]:
    """One key per line or comma-separated item, normalised like `textutil.key`."""
    items = (part.strip() for line in text.splitlines() for part in line.split(","))
    return frozenset(old_style_tones(item).casefold() for item in items if item)


# Family names: the common ones cover ~99% of people; rare ones help after an honorific.
SURNAMES = _keys("""
    Nguyễn, Trần, Lê, Phạm, Hoàng, Huỳnh, Phan, Vũ, Võ, Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý
    Lại, Mai, Đinh, Trương, Lâm, Đoàn, Vương, Trịnh, Đào, Cao, Lương, Tạ, Hà, Tô, Châu, Thái
    Từ, Lưu, La, Kiều, Quách, Tăng, Triệu, Nông, Lò, Hứa, Giáp, Khổng, Âu, Chu, Khúc
    Thân, Tôn, Mạc, Phùng, Diệp, Ông, Bế, Hầu, Thạch, Danh, Kim, Điểu, Ksor, Rơ, Nay
    Doãn, Ninh, Trang, Tiêu, Viên, Vi, Lữ, Mã, Cù, Trình, Quan, Lường, Nghiêm, Lục
    Sầm, Ma, Đàm, Hán, Đồng, Cấn, Kha, Lã, Mẫn, Phí, Thiều, Yên, Cầm, Giang, Đường, Bạch
    Vàng, Sùng, Giàng, Mùa, Thào, Hờ, Vừ, Chảo, Tẩn, Phàn, Bàn, Lầu, Tráng, Quàng, Điêu, Lừ
    Siu, Rmah, Rơ, Nguyễn
""")

# Surnames that are also everyday capitalised words at a sentence start ("Văn bản", "Từ khi").
WEAK_SURNAMES = _keys("Từ, Ma, Kim, Mai, Cao, Thái, Ông, Đồng, Giang, Quan, Chu, La")

# Words that may stand right before a name and are not titles.
HONORIFICS = _keys("""
    ông, bà, đồng chí, đ/c, anh, chị, cụ, bác, em, cô, chú, thầy, đ.c
    GS, PGS, TS, ThS, BS, GS.TS, PGS.TS, TS.BS, NGƯT, NGND, NSND, NSƯT
    nhà báo, nhà văn, nhà thơ, nghệ sĩ, luật sư, bác sĩ, kỹ sư, tiến sĩ, thạc sĩ, giáo sư
""")

# Rank words that start a title. Matched longest first, case-free.
RANKS = _keys("""
    Tổng Bí thư, Thường trực Ban Bí thư, Bí thư thứ nhất
    Phó Bí thư thường trực, Phó Bí thư, Bí thư
    Ủy viên dự khuyết, Ủy viên, Thành ủy viên, Tỉnh ủy viên, Huyện ủy viên, Quận ủy viên
    Thị ủy viên, Đảng ủy viên
    Chủ tịch nước, Phó Chủ tịch nước, Phó Chủ tịch thường trực, Phó Chủ tịch, Chủ tịch
    Phó trưởng ban thường trực, Phó trưởng ban, Trưởng ban, Phó ban
    Thủ tướng, Phó Thủ tướng, Bộ trưởng, Thứ trưởng
    Tổng Giám đốc, Phó Tổng Giám đốc, Giám đốc, Phó Giám đốc
    Chánh Văn phòng, Phó Chánh Văn phòng, Chánh Thanh tra, Phó Chánh Thanh tra
    Chánh án, Phó Chánh án, Viện trưởng, Phó Viện trưởng
    Chủ nhiệm, Phó Chủ nhiệm, Tổng Thư ký, Phó Tổng Thư ký
    Trưởng đoàn, Phó Trưởng đoàn, Trưởng phòng, Phó Trưởng phòng
    Cục trưởng, Phó Cục trưởng, Vụ trưởng, Phó Vụ trưởng, Tổng Cục trưởng
    Hiệu trưởng, Phó Hiệu trưởng, Tư lệnh, Phó Tư lệnh, Chính ủy, Phó Chính ủy
    Tham mưu trưởng, Chỉ huy trưởng, Trưởng Công an, Phó Trưởng Công an
    Đại tướng, Thượng tướng, Trung tướng, Thiếu tướng, Đại tá, Thượng tá, Trung tá, Thiếu tá
    Đại biểu Quốc hội, Tổng Biên tập, Phó Tổng Biên tập
    Trưởng Tiểu ban, Phó Trưởng Tiểu ban, Trưởng Ban Chỉ đạo, Phó Trưởng Ban Chỉ đạo
""")
# Membership ranks as the press abbreviates them ("HUV" = Huyện ủy viên, "UVT.Ư" = Ủy viên
# Trung ương): a whole title alone, or a rank before an office ("UVTW Đảng").
RANK_ABBREVIATIONS = _keys("""
    TUV, HUV, QUV, ThUV, TxUV, ĐUV, UVTW, UV.TW, UVTƯ, UVT.Ư, UV.TƯ, UVBTV, UV.BTV, UVBCH
    UVBTVTU, UVBTVHU, UV BTV, UV BCH
""")
# Lower-case words between a rank and its office ("Phó Bí thư chuyên trách Đảng ủy").
RANK_MODIFIERS = _keys("chuyên trách, phụ trách, thường trực, dự khuyết")

# Predicate words that look like ranks but, after these, are roles in a clause ("làm trưởng đoàn").
PREDICATE_BEFORE_RANK = _keys("làm, giữ, kiêm, được bầu, được bầu giữ chức, bầu, cử, chức")

# Heads of bodies. "Ban Bí thư" must win over the rank "Bí thư".
PARTY_COMMITTEES = _keys("""
    Tỉnh ủy, Thành ủy, Huyện ủy, Quận ủy, Thị ủy, Đảng ủy, Khu ủy, Đảng ủy khối
""")
STANDALONE_BODIES = _keys("""
    Bộ Chính trị, Ban Bí thư, Quốc hội, Chính phủ, Trung ương Đảng, Ban Chấp hành Trung ương
    BCH Trung ương, Ban Thường vụ, BTV, Thường trực, Ban Chấp hành, BCH, Ban Cán sự Đảng
    Ban cán sự đảng, Đảng đoàn, Đảng bộ, Chi bộ, HĐND, UBND, Hội đồng nhân dân, Ủy ban nhân dân
    MTTQ, Ủy ban MTTQ, Ủy ban Mặt trận Tổ quốc, Mặt trận Tổ quốc, Ủy ban Kiểm tra, UBKT
    Văn phòng Trung ương, Ủy ban Thường vụ Quốc hội, Hội đồng bầu cử Quốc gia, Kiểm toán Nhà nước
    Tòa án nhân dân, Viện Kiểm sát nhân dân, Công an, Bộ Chỉ huy Quân sự, Bộ đội Biên phòng
    Đoàn ĐBQH, Đoàn đại biểu Quốc hội, Liên đoàn Lao động, Công đoàn, Hội Nông dân
    Hội Liên hiệp Phụ nữ, Hội Cựu chiến binh, Đoàn Thanh niên, Thành đoàn, Tỉnh đoàn, Huyện đoàn
""")
# Heads that need a capitalised name after them ("Sở Nội vụ", "Báo Nhân Dân").
NAMED_HEADS = _keys("""
    Ban, Sở, Bộ, Học viện, Văn phòng, Ủy ban, Hội đồng, Đài, Báo, Tạp chí, Trường, Viện, Cục
    Chi cục, Tổng cục, Hội, Liên hiệp, Liên đoàn, Tổng công ty, Công ty, Ngân hàng, Bệnh viện
    Xí nghiệp, Nhà máy, Hợp tác xã, Trung tâm, Kho bạc, Chi nhánh, Thanh tra, Tập đoàn, Khối
    Bảo hiểm xã hội, Cảnh sát, Phòng, Đảng ủy Khối
""")
# Heads that take a lower-case descriptor ("Đoàn giám sát", "Ủy ban bầu cử").
DESCRIPTOR_HEADS = _keys("Đoàn, Tổ, Ủy ban, Hội đồng, Ban, Tiểu ban, Ban chỉ đạo, Tổ công tác")
# Descriptors a delegation or committee may carry.
DESCRIPTORS = _keys("""
    kiểm tra, giám sát, thanh tra, khảo sát, công tác, đại biểu, liên ngành, bầu cử, chỉ đạo
    tổ chức, công tác đặc biệt, thẩm định, thi đua, khen thưởng, tuyên truyền, vận động
    phục vụ, văn kiện, nhân sự, kiểm phiếu, bảo vệ chính trị nội bộ
""")
# Enterprise heads: a capitalised business name with lower-case words after it.
ENTERPRISE_HEADS = _keys("Xí nghiệp, Công ty, Tổng công ty, Nhà máy, Hợp tác xã, Tập đoàn")

# Administrative level words ("tỉnh", "thành phố") that qualify a body.
LEVELS = _keys("""
    tỉnh, thành phố, huyện, quận, thị xã, thị trấn, xã, phường, đặc khu, TP, Tp, TX, TT
    thủ đô, khu phố, thôn, bản, ấp, tổ dân phố
""")
# Level phrases that make a body a generic class, not one body.
GENERIC_MARKERS = _keys("các, những, mỗi, từng, cấp, một số, nhiều, mọi, toàn bộ")

# Two-syllable words written with a lower-case second syllable inside proper names.
COMPOUNDS = _keys("""
    tuyên giáo, dân vận, nội chính, tổ chức, chính trị, nội vụ, kiểm tra, thường vụ
    thường trực, chấp hành, trung ương, bí thư, cán sự, quốc gia, học viện, tài chính, tư pháp
    công an, ngoại giao, quốc phòng, y tế, giáo dục, đào tạo, xây dựng, công thương, du lịch
    thể thao, văn hóa, khoa học, công nghệ, kỹ thuật, môi trường, tài nguyên, nông nghiệp
    phát triển, nông thôn, lao động, thương binh, xã hội, thông tin, truyền thông, giao thông
    vận tải, kế hoạch, đầu tư, dân tộc, tôn giáo, thanh tra, kiểm toán, ngân hàng, nhà nước
    bảo hiểm, kinh tế, đối ngoại, khoa giáo, lý luận, thanh niên, phụ nữ, nông dân, cựu chiến
    chiến binh, mặt trận, tổ quốc, liên hiệp, khai thác, cộng sản, tuyên huấn, quân sự
    biên phòng, hậu cần, chỉ huy, chỉ đạo, bầu cử, nhân dân, bảo vệ, sức khỏe, cán bộ, thi đua
    khen thưởng, văn phòng, hội đồng, ủy ban, đại biểu, quốc hội, chính phủ, công đoàn
    liên đoàn, kiểm sát, tòa án, hành chính, pháp chế, ngân sách, lưu trữ, dân chủ, pháp luật
    thông tấn, phát thanh, truyền hình, báo chí, xuất bản, bảo tàng, thủy lợi, công trình
    đô thị, quy hoạch, điện lực, cảnh sát, an ninh, hải quan, bưu điện, viễn thông, hợp tác
    quản lý, thủy sản, lâm nghiệp, cơ quan, doanh nghiệp, dân sự, hình sự, phòng chống
    tham nhũng, tiêu cực, nhân quyền, tôn giáo, kiều bào, người cao, cao tuổi, chữ thập
    thập đỏ, khuyến học, luật gia, nhà báo, văn nghệ, nghệ thuật, văn học, kiến trúc
    thống kê, dự trữ, kho bạc, thương mại, công nghiệp, dịch vụ, vận động, tuyên truyền
    thường trú, an toàn, giao thông, kinh doanh, sản xuất, xuất khẩu, nhập khẩu, đảng viên
    vận tải, bưu chính, tần số, cải cách, đổi mới, tư tưởng, đoàn kết, chính sách, đa khoa
    truyền hình, phát triển, nghiên cứu, nhân văn, hữu nghị, chữ đỏ, văn kiện, nhân sự
""")
# Nouns written in lower case inside the names of ministries, banks, hospitals
# ("Phát triển nông thôn", "Chính sách xã hội"): never verbs, so they cannot swallow a clause.
NAME_NOUNS = _keys("""
    nông thôn, xã hội, đa khoa, môi trường, công nghệ, truyền thông, đô thị, đào tạo, du lịch
    thủy lợi, công trình, cơ quan, doanh nghiệp, phụ nữ, thanh niên, nông dân, dân tộc, tôn giáo
    văn hóa, thể thao, thương binh, nhân dân, quốc gia, trung ương, y tế, giáo dục, kỹ thuật
    khoa học, tài nguyên, khoáng sản, thủy sản, lâm nghiệp, hải đảo, biển đảo, miền núi
""")

# Document type words → printed category. Longest first at use.
DOC_TYPES: dict[str, str] = {
    "chương trình hành động": "Chương trình hành động",
    "thông báo kết luận": "Thông báo",
    "nghị quyết liên tịch": "Nghị quyết",
    "thông tư liên tịch": "Thông tư",
    "nghị quyết": "Nghị quyết",
    "chỉ thị": "Chỉ thị",
    "kết luận": "Kết luận",
    "quyết định": "Quyết định",
    "quy định": "Quy định",
    "quy chế": "Quy chế",
    "hướng dẫn": "Hướng dẫn",
    "thông báo": "Thông báo",
    "thông tri": "Thông tri",
    "báo cáo": "Báo cáo",
    "kế hoạch": "Kế hoạch",
    "chương trình": "Chương trình",
    "đề án": "Đề án",
    "tờ trình": "Tờ trình",
    "công văn": "Công văn",
    "nghị định": "Nghị định",
    "thông tư": "Thông tư",
    "công điện": "Công điện",
    "điều lệ": "Điều lệ",
    "phương án": "Phương án",
}

# Words after which a capitalised phrase names a place, not a person ("đường Nguyễn Huệ").
PLACE_CUES = _keys("""
    tỉnh, thành phố, huyện, quận, thị xã, thị trấn, xã, phường, TP, Tp, TX, đường, phố, làng
    thôn, bản, ấp, xóm, sông, núi, cầu, chợ, vùng, miền, khu, đặc khu
""")
# Names of people that this domain uses as the name of a city, an ideology or a campaign.
NON_PERSON_NAMES = _keys("Hồ Chí Minh, Tôn Đức Thắng, Lê Lợi, Trần Hưng Đạo, Ngô Quyền")

# The 63 provinces before the 2025 merger; the current ones come from vietnam-provinces.
FORMER_PROVINCES = _keys("""
    An Giang, Bà Rịa - Vũng Tàu, Bà Rịa, Vũng Tàu, Bắc Giang, Bắc Kạn, Bạc Liêu, Bắc Ninh
    Bến Tre, Bình Định, Bình Dương, Bình Phước, Bình Thuận, Cà Mau, Cao Bằng, Cần Thơ, Đà Nẵng
    Đắk Lắk, Đắk Nông, Điện Biên, Đồng Nai, Đồng Tháp, Gia Lai, Hà Giang, Hà Nam, Hà Nội
    Hà Tĩnh, Hải Dương, Hải Phòng, Hậu Giang, Hòa Bình, Hưng Yên, Khánh Hòa, Kiên Giang
    Kon Tum, Lai Châu, Lâm Đồng, Lạng Sơn, Lào Cai, Long An, Nam Định, Nghệ An, Ninh Bình
    Ninh Thuận, Phú Thọ, Phú Yên, Quảng Bình, Quảng Nam, Quảng Ngãi, Quảng Ninh, Quảng Trị
    Sóc Trăng, Sơn La, Tây Ninh, Thái Bình, Thái Nguyên, Thanh Hóa, Thừa Thiên Huế, Huế
    Tiền Giang, Hồ Chí Minh, Trà Vinh, Tuyên Quang, Vĩnh Long, Vĩnh Phúc, Yên Bái, Việt Nam
    Thủ Đức, Sài Gòn
""")

# Abbreviations that name a place.
PLACE_ABBREVIATIONS = frozenset({"tphcm", "tp.hcm", "tp hcm", "hn", "tp.hn", "tp.hồ chí minh"})



@functools.cache
def places() -> frozenset[str]:
    """Place names (keys) without their level word: provinces, communes, former provinces."""
    names: set[str] = set(FORMER_PROVINCES)
    try:
        from vietnam_provinces import FLAT_DIVISIONS_JSON_PATH  # shipped data, no network

        rows = json.loads(FLAT_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    except (ImportError, OSError, ValueError):  # the gazetteer only sharpens; work without it
        rows = []
    prefixes = ("thành phố ", "tỉnh ", "phường ", "xã ", "đặc khu ")
    for row in rows:
        for field in ("name", "province_name"):
            name = old_style_tones(str(row.get(field, ""))).casefold()
            for prefix in prefixes:
                if name.startswith(prefix):
                    name = name[len(prefix):]
                    break
            if name:
                names.add(name)
    return frozenset(names)
