"""The build is stale exactly when what it is made from changed."""

from pathlib import Path

from fieldguide.launcher import fingerprint


def source_tree(root: Path) -> Path:
    (root / "core" / "static" / "core").mkdir(parents=True)
    (root / "settings").mkdir()
    (root / "core" / "static" / "core" / "app.js").write_text("import './http.js';\n")
    (root / "core" / "storage.py").write_text("support_js_module_import_aggregation = True\n")
    (root / "settings" / "production.py").write_text("STORAGES = {}\n")
    return root


def test_static_files_are_stale_when_an_asset_or_the_way_they_are_collected_changes(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(fingerprint, "SOURCE_ROOT", source_tree(tmp_path))
    first = fingerprint.static_fingerprint()
    assert fingerprint.static_fingerprint() == first
    for changed in ("core/static/core/app.js", "core/storage.py", "settings/production.py"):
        before = fingerprint.static_fingerprint()
        (tmp_path / changed).write_text((tmp_path / changed).read_text() + "# edited\n")
        assert fingerprint.static_fingerprint() != before, changed
