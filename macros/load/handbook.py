"""Load the whole handbook from its files, check it against the declared schemas, once.

``load_handbook`` reads the catalog, the data files, the template pages and
the settings, checks every field and every reference between files, and
either returns a ``Handbook`` or raises one ``HandbookError`` holding every
mistake found, each with file, line, key and fix. Each part has its module:
``reader`` (files into checked records), ``tables``, ``catalog`` (and the
settings), ``templates``, ``training`` and ``checks`` (across what was loaded).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import HandbookError
from ..model.handbook import Handbook, index_templates
from .catalog import load_catalog, load_settings
from .checks import (
    check_drill_answers,
    check_good_phrasings,
    check_rule_examples,
    check_settings_used,
)
from .reader import Reader
from .tables import (
    load_facts,
    load_groups,
    load_principles,
    load_rules,
    load_timeline_tables,
    timeline_order,
)
from .templates import load_templates
from .training import load_case_study, load_drills


def load_handbook(
    root: Path,
    docs_dir: Path,
    settings: Any,
    *,
    directory_urls: bool = True,
    site_url: str = "",
    source_relative_links: bool = False,
) -> Handbook:
    """Load and check everything; raise one HandbookError listing every mistake."""
    loader = Reader(root, docs_dir)
    errors = loader.errors
    groups = load_groups(loader)
    loader.tables["groups"] = groups
    catalog = load_catalog(loader)
    loader.tables["catalog"] = catalog
    stages, audiences, channels, checklists = load_timeline_tables(loader)
    resolved_settings = load_settings(loader, settings, catalog)
    templates = load_templates(loader, catalog)
    principles = load_principles(loader)
    loader.tables["principles"] = {p.id: p for p in principles}
    rules = load_rules(loader)
    facts = load_facts(loader)
    case_study = load_case_study(loader, catalog, resolved_settings)
    drills = load_drills(loader, catalog, resolved_settings)
    if catalog is not None:
        check_settings_used(templates, catalog, resolved_settings, errors)
    errors.check()
    check_drill_answers(case_study, drills, templates, catalog, resolved_settings, loader, errors)
    errors.check()
    assert catalog is not None
    check_good_phrasings(principles, templates, catalog, resolved_settings, loader, errors)
    check_rule_examples(rules, catalog, audiences or {}, channels or {}, loader, errors)
    errors.check()
    assert catalog is not None and stages is not None and audiences is not None
    assert groups is not None
    assert channels is not None and checklists is not None
    ordered = timeline_order(templates, stages, audiences)
    by_stage, used_in = index_templates(ordered, stages, catalog)
    return Handbook(
        root=root,
        docs_dir=docs_dir,
        catalog=catalog,
        settings=resolved_settings,
        groups=groups,
        stages=stages,
        audiences=audiences,
        channels=channels,
        checklists=checklists,
        principles=principles,
        templates=ordered,
        rules=rules,
        case_study=case_study,
        drills=drills,
        directory_urls=directory_urls,
        site_url=site_url,
        source_relative_links=source_relative_links,
        by_stage=by_stage,
        used_in=used_in,
        facts=facts,
    )


def load_from_config(config_file: Path) -> Handbook:
    """Load from mkdocs.yml without MkDocs (for the CLI, tests and other generators)."""
    from .yamlio import load_yaml_file

    root = config_file.resolve().parent
    config = load_yaml_file(config_file, config_file.name, config=True) or {}
    if not isinstance(config, dict):
        raise HandbookError(config_file.name, "不是 YAML 映射", "检查 mkdocs.yml。")
    docs_dir = root / str(config.get("docs_dir", "docs"))
    extra = config.get("extra") or {}
    settings = extra.get("handbook") if isinstance(extra, dict) else None
    directory_urls = config.get("use_directory_urls")
    return load_handbook(
        root,
        docs_dir,
        settings,
        directory_urls=directory_urls if isinstance(directory_urls, bool) else True,
        site_url=str(config.get("site_url") or ""),
    )
