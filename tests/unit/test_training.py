import shutil

from bot.config import ROOT
from bot.training import TRAINING_INPUTS, fingerprint


def copy_inputs(target):
    for name in TRAINING_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target / name)


def test_fingerprint_is_stable_and_changes_with_training_data(tmp_path):
    copy_inputs(tmp_path)
    first = fingerprint(tmp_path)
    assert fingerprint(tmp_path) == first
    (tmp_path / "README.md").write_text("not a training input")
    assert fingerprint(tmp_path) == first, "files outside the training inputs must not force training"
    nlu = next((tmp_path / "data" / "nlu").glob("*.yml"))
    nlu.write_text(nlu.read_text() + "\n")
    assert fingerprint(tmp_path) != first
