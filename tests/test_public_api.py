from __future__ import annotations

import types

import analyzer


def test_all_is_complete_and_importable() -> None:
    public = {name for name in dir(analyzer) if not name.startswith("_")}
    modules = {name for name in public if isinstance(getattr(analyzer, name), types.ModuleType)}
    modules.add("annotations")  # from __future__
    assert public - modules - set(analyzer.__all__) == set()
    for name in analyzer.__all__:
        assert hasattr(analyzer, name), name


def test_errors_form_one_tree() -> None:
    from analyzer import errors

    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.AnalyzerError)


def test_records_are_frozen() -> None:
    import dataclasses

    from analyzer import records

    for name in records.__all__:
        cls = getattr(records, name)
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen, name
