"""The committed protobuf modules are what proto/gen_python.py makes from proto/."""

import filecmp
import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMMITTED = REPO / "python" / "labcloud" / "_proto"


def _load_generator():
    spec = importlib.util.spec_from_file_location("gen_python", REPO / "proto" / "gen_python.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def test_committed_stubs_match_a_fresh_generation(tmp_path):
    fresh = tmp_path / "_proto"
    _load_generator().generate(fresh)

    assert _files(fresh) == _files(COMMITTED), "run `python proto/gen_python.py` and commit the result"
    changed = [
        name for name in sorted(_files(fresh))
        if not filecmp.cmp(fresh / name, COMMITTED / name, shallow=False)
    ]
    assert changed == [], "run `python proto/gen_python.py` and commit the result"


def test_generated_s3_module_is_importable_under_the_labcloud_package():
    from labcloud._proto.labcloud.s3.v1 import s3_pb2

    assert s3_pb2.DESCRIPTOR.package == "labcloud.s3.v1"
    assert "S3Service" in s3_pb2.DESCRIPTOR.services_by_name
