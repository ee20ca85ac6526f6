from trienkhai.core.text import collation_key, fold, person_sort_key


def test_fold_removes_diacritics_case_and_d_stroke():
    assert fold("Thành ủy Thành phố Hồ Chí Minh") == "thanh uy thanh pho ho chi minh"
    assert fold("ĐẢNG ỦY  Phường") == "dang uy phuong"
    assert fold("quán triệt") == "quan triet"


def test_vietnamese_letter_order():
    words = ["ư", "u", "đ", "d", "e", "ê", "ă", "a", "â", "b", "ô", "o", "ơ"]
    assert sorted(words, key=collation_key) == [
        "a", "ă", "â", "b", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư",
    ]


def test_tones_sort_after_the_bare_letter():
    # Tone order: none, huyền, hỏi, ngã, sắc, nặng.
    words = ["mạ", "má", "mã", "mả", "mà", "ma"]
    assert sorted(words, key=collation_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_people_sort_by_given_name_then_the_rest():
    names = ["Nguyễn Văn Hiếu", "Lại Xuân Môn", "Phan Nguyễn Như Khuê", "Dương Anh Đức",
             "Trần Văn An", "Lê Thị Anh", "Đỗ Văn Đức"]
    ordered = sorted(names, key=person_sort_key)
    assert ordered == ["Trần Văn An", "Lê Thị Anh", "Dương Anh Đức", "Đỗ Văn Đức",
                       "Nguyễn Văn Hiếu", "Phan Nguyễn Như Khuê", "Lại Xuân Môn"]


def test_decomposed_and_composed_names_sort_alike():
    import unicodedata

    name = "Nguyễn Văn Hiếu"
    assert person_sort_key(unicodedata.normalize("NFD", name)) == person_sort_key(name)
