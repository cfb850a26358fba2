"""Document types: rules on noisy titles, the trained model, their joint confidence."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from pipeline.errors import ConfigError
from pipeline.settings import Settings
from pipeline.understand.classify import (
    DOC_TYPES,
    Classification,
    classify_by_rules,
    classify_document,
    combine,
    fold,
)
from pipeline.understand.doctype_model import (
    TrainingText,
    fit_estimator,
    from_scikit_learn,
    installed_model,
    load,
    model_input,
    save,
    shipped_texts,
    train,
)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
HEADER = "ỦY BAN NHÂN DÂN\nHUYỆN TIÊN DU\nSố: 123/QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        ("QUYẾT ĐỊNH", "quyet_dinh"),
        ("QUYÉT ĐINH", "quyet_dinh"),
        ("QUYET DINH", "quyet_dinh"),
        ("GIẤY PHÉP XÂY DỰNC", "giay_phep_xay_dung"),
        ("GIAY PHEP XAY DUNG", "giay_phep_xay_dung"),
        ("GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH", "gcn_ho_kinh_doanh"),
        ("GIÁY CHỨNG NHÂN\nĐĂNG KÝ HỘ KINH DOANH", "gcn_ho_kinh_doanh"),
        ("GIẤY CHỨNG NHẬN\nCƠ SỞ ĐỦ ĐIỀU KIỆN AN TOÀN THỰC PHẨM", "gcn_attp"),
        ("GIẤY CHỨNG NHẬN KÊT HÔN", "gcn_ket_hon"),
        ("GIẤY KHAI SINH", "khai_sinh"),
        ("TRÍCH LỤC KHAI SINH", "khai_sinh"),
        ("GIẤY PHÉP LAO ĐỘNC\nWORK PERMIT", "giay_phep_lao_dong"),
        ("GlẤY TIẾP NHẬN HỎ SƠ VÀ HẸN TRẢ KÉT QUẢ", "phieu_hen_tra_ket_qua"),
        ("ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG", "don_de_nghi"),
        ("GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH", "don_de_nghi"),
        ("DON DE NGHI CAP GIAY PHEP XAY DUNG", "don_de_nghi"),
    ],
)
def test_formulaic_titles_survive_ocr_noise(title: str, doc_type: str) -> None:
    result = classify_by_rules(HEADER + title + "\nCăn cứ Luật Tổ chức chính quyền địa phương;\n")
    assert result.doc_type == doc_type
    assert result.confidence >= 0.85
    assert result.evidence is not None and result.evidence.startswith(title.split("\n")[0])


def test_the_title_wins_over_papers_named_in_the_body() -> None:
    text = HEADER + "QUYẾT ĐỊNH\nVề việc cấp giấy phép xây dựng\nCăn cứ đơn đề nghị cấp giấy phép"
    assert classify_by_rules(text).doc_type == "quyet_dinh"


def test_a_certified_copy_is_known_by_its_stamp_not_the_copied_title() -> None:
    copied = HEADER + "GIẤY KHAI SINH\nHọ, chữ đệm, tên: Lê Thị Hoa\n"
    stamp = "\fUBND PHƯỜNG VŨ NINH\nChung thuc ban sao dung vói ban chinh.\nSố chứng thực: 1386\n"
    assert classify_by_rules(copied).doc_type == "khai_sinh"
    result = classify_by_rules(copied + stamp)
    assert result.doc_type == "chung_thuc_ban_sao"
    assert result.confidence >= 0.9
    assert result.span is not None
    start, end = result.span
    assert (copied + stamp)[start:end] == "Chung thuc ban sao dung vói ban chinh."


def test_the_stamp_s_other_lines_mark_a_copy_whose_first_line_was_lost() -> None:
    copied = HEADER + "GIẤY CHỨNG NHẬN KẾT HÔN\nHọ, chữ đệm, tên: LÊ THỊ HOA\n"
    for stamp in ("Số chứng thực: 3843 Quyển số: 01/2023-SCT/BS", "NGƯỜI THỰC HIỆN CHỨNC THỰC"):
        result = classify_by_rules(copied + "\f" + stamp + "\nNgày 18 tháng 3 năm 2023\n")
        assert result.doc_type == "chung_thuc_ban_sao"
        assert 0.8 <= result.confidence < 0.98


def test_a_title_phrase_only_in_running_text_is_weak_evidence() -> None:
    result = classify_by_rules("Căn cứ Quyết định số 12/QĐ-UBND ngày 5/3/2021 của UBND huyện")
    assert result.doc_type == "quyet_dinh"
    assert result.confidence <= 0.5


def test_a_paper_outside_the_list_has_no_type_rather_than_the_nearest_one() -> None:
    plan = (
        HEADER + "KẾ HOẠCH\nSố hóa hồ sơ, kết quả giải quyết thủ tục hành chính\nCăn cứ Quyết định"
    )
    result = classify_by_rules(plan)
    assert result.doc_type is None and result.confidence >= 0.85
    assert result.evidence == "KẾ HOẠCH"
    # However sure the model is of a type, the joint answer then goes to a person.
    joint = combine(result, Classification("quyet_dinh", 0.95, method="model"))
    assert joint.confidence < 0.8
    assert combine(result, Classification("quyet_dinh", 0.6, method="model")).doc_type is None


def test_a_header_broken_before_its_last_words_does_not_hide_the_title() -> None:
    text = (
        "UBND THÀNH PHỐ TỪ SƠN\nPHÒNG TÀI CHÍNH -\nKẾ HOẠCH\nGIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH"
    )
    assert classify_by_rules(text).doc_type == "gcn_ho_kinh_doanh"


def test_no_title_means_no_type() -> None:
    result = classify_by_rules("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n")
    assert result == Classification.unknown()
    assert result.doc_type is None


def test_fold_keeps_offsets() -> None:
    text = "Ủy ban nhân dân, ĐỊNH"
    assert fold(text) == "uy ban nhan dan  dinh"
    assert len(fold(text)) == len(text)


def test_every_labelled_sample_is_classified_by_its_ground_truth_text() -> None:
    truths = sorted((SAMPLES / "ground-truth").glob("*.json"))
    assert truths
    for truth_file in truths:
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        text = "\f".join(page["text"] for page in truth["pages"])
        result = classify_document(text)
        assert result.doc_type == truth["fields"]["doc_type"], truth_file.name
        assert result.doc_type in DOC_TYPES


def test_agreement_raises_and_disagreement_lowers_confidence() -> None:
    rules = Classification("quyet_dinh", 0.9, "QUYẾT ĐỊNH", (0, 10), "rules")
    agree = combine(rules, Classification("quyet_dinh", 0.8, method="model"))
    assert agree.doc_type == "quyet_dinh" and agree.confidence > 0.9
    assert agree.method == "rules+model"
    disagree = combine(rules, Classification("khai_sinh", 0.6, method="model"))
    assert disagree.doc_type == "quyet_dinh" and disagree.confidence < 0.9
    assert combine(Classification.unknown(), Classification("khai_sinh", 0.7)).doc_type == (
        "khai_sinh"
    )


def _few_shipped_texts(per_type: int) -> list[TrainingText]:
    taken: dict[str, int] = {}
    chosen = []
    for text in shipped_texts():
        if taken.get(text.doc_type, 0) < per_type:
            taken[text.doc_type] = taken.get(text.doc_type, 0) + 1
            chosen.append(text)
    return chosen


def test_the_model_trains_and_predicts_types_it_has_seen() -> None:
    model = train(_few_shipped_texts(8), version="test")
    assert model.version == "test"
    assert model.info["training_data"]["by_doc_type"]["gcn_ket_hon"] == 8
    # No title line at all: only the body says what this is.
    body = "CHỒNG\nVỢ\nHọ, chữ đệm, tên: TRẦN VĂN BÌNH\nĐăng ký kết hôn ngày: 22 tháng 4 năm 2022"
    prediction = model.predict(body)
    assert prediction.doc_type == "gcn_ket_hon"
    assert 0.0 < prediction.confidence <= 1.0
    assert classify_by_rules(body).doc_type is None


def test_the_saved_arrays_predict_what_scikit_learn_predicts(tmp_path: Path) -> None:
    texts = _few_shipped_texts(10)
    estimator = fit_estimator(texts[::2] + texts[1::4])
    model = from_scikit_learn(estimator, {"version": "test"})
    save(model, tmp_path)
    loaded = load(tmp_path)
    assert loaded is not None and loaded.doc_types == model.doc_types
    unseen = [t.text for t in texts[3::4]] + ["", "QUYẾT ĐỊNH", "x"]
    expected = estimator.predict_proba([model_input(text) for text in unseen])
    for text, probabilities in zip(unseen, expected, strict=True):
        assert np.allclose(loaded.probabilities(text), probabilities, atol=1e-9)


def test_the_shipped_model_is_installed_and_joins_the_rules(data_dir: Path) -> None:
    model = installed_model()
    assert model is not None, "ocr_models/doctype/model.npz is missing or unreadable"
    assert model.info["training_data"]["by_source"] == {"shipped": len(shipped_texts())}
    text = HEADER + "GIẤY PHÉP XÂY DỰNG\n1. Cấp cho: Ông Nguyễn Văn An\n- Số tầng: 03 tầng"
    joint = classify_document(text)
    assert joint.doc_type == "giay_phep_xay_dung"
    assert joint.method == "rules+model"
    assert joint.confidence > classify_by_rules(text).confidence


def test_too_few_texts_are_refused() -> None:
    with pytest.raises(ConfigError):
        train(_few_shipped_texts(2))


def test_sohoa_train_learns_from_reviewed_documents(database_url: str, data_dir: Path) -> None:
    from pipeline.cli import main
    from pipeline.db.session import open_database
    from pipeline.understand.doctype_model import trained_dir
    from tests.stored_documents import stored_document

    sessions = open_database(database_url)
    # A person corrected this one's type; one had only its type confirmed; the third is still
    # waiting and does not count.
    corrected = stored_document(sessions, "a.jpg", text="GIẤY CHỨNG NHẬN\nHỘ GIA ĐÌNH\nChủ hộ: An")
    confirmed = stored_document(sessions, "c.jpg")
    stored_document(sessions, "b.jpg")
    by = ["--by", "Mai", "--accept-rest"]
    assert main(["review", str(corrected), "--set", "doc_type=gcn_ho_kinh_doanh", *by]) == 0
    assert main(["review", str(confirmed), "--accept", "doc_type", "--by", "Mai"]) == 0
    assert main(["train"]) == 0
    retrained = installed_model()
    assert retrained is not None
    assert (trained_dir(data_dir) / "model.npz").is_file()
    summary = retrained.info["training_data"]
    assert summary["by_source"] == {"reviewed": 2, "shipped": len(shipped_texts())}
    assert summary["by_doc_type"]["gcn_ho_kinh_doanh"] == 41
    assert summary["by_doc_type"]["giay_phep_xay_dung"] == 41


def test_a_configured_type_with_too_few_reviews_is_left_out_of_training(
    database_url: str, settings: Settings
) -> None:
    from pipeline.db.session import open_database
    from pipeline.review import ReviewDecision, apply_review
    from pipeline.settings import DocType
    from pipeline.understand.training import retrain
    from tests.stored_documents import stored_document

    tobacco = "giay_phep_ban_le_thuoc_la"
    configured = settings.model_copy(
        update={"doc_types": {**settings.doc_types, tobacco: DocType(name="Giấy phép bán lẻ")}}
    )
    sessions = open_database(database_url)
    document_id = stored_document(sessions)
    decision = ReviewDecision({"doc_type": tobacco}, frozenset(), "Mai")
    apply_review(sessions, configured, document_id, decision)
    run = retrain(sessions, configured)
    assert run.too_few == {tobacco: 1}
    assert run.reviewed == 0
    assert tobacco not in run.model.doc_types
