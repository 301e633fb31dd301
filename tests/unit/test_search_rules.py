"""The search rule users rely on: every word must match, accents and case never matter, and
SQLite FTS5 gives exactly what the Python rule gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from netdesk.domain.models import ContactDraft, Email, Phone
from netdesk.domain.search import fold, index_text, matches, query_terms
from netdesk.services.contacts import ContactService


def test_fold_strips_accents_and_case() -> None:
    assert fold("José Núñez") == "jose nunez"
    assert fold("ZOË Müller") == "zoe muller"
    assert fold("Straße Łódź Øre") == "strasse lodz ore"


def test_query_terms_are_folded_words_without_repeats() -> None:
    assert query_terms("  José   jose, NÚÑEZ ") == ["jose", "nunez"]
    assert query_terms("!!! ...") == []


def test_every_word_must_match_as_a_prefix() -> None:
    text = index_text("José Núñez", "Harbor Music Studio", "jnunez@harbormusic.net")
    assert matches(query_terms("jose nunez"), text)
    assert matches(query_terms("nun harb"), text)
    assert matches(query_terms("harbormusic"), text)
    assert not matches(query_terms("jose smith"), text)
    assert not matches(query_terms("unez"), text)  # prefixes, not arbitrary substrings


def test_phone_numbers_are_found_by_their_digits() -> None:
    text = index_text("+1 (508) 555-0142")
    for query in ("5085550142", "5550142", "555 0142", "15085550142"):
        assert matches(query_terms(query), text), query


def _store(db: object, names: list[str]) -> ContactService:
    service = ContactService(db)  # type: ignore[arg-type]
    for name in names:
        service.create(ContactDraft(display_name=name))
    return service


def test_service_search_is_accent_and_case_insensitive(db: object) -> None:
    service = ContactService(db)  # type: ignore[arg-type]
    service.create(
        ContactDraft(
            display_name="José Núñez",
            organization="Harbor Music Studio",
            title="Studio Owner",
            emails=(Email("jnunez@harbormusic.net"),),
            phones=(Phone("+1 508 555 0142", "+15085550142"),),
            notes="Looking for a percussion intern",
            tags=("music",),
        )
    )
    service.create(ContactDraft(display_name="Josefina Smith", organization="Harbor Freight"))
    names = lambda q: sorted((c.name for c in service.list(q)), key=fold)  # noqa: E731
    assert names("jose nunez") == ["José Núñez"]
    assert names("JOSÉ") == ["José Núñez", "Josefina Smith"]
    assert names("harbor") == ["José Núñez", "Josefina Smith"]
    assert names("harbor studio") == ["José Núñez"]
    assert names("percussion") == ["José Núñez"]
    assert names("music") == ["José Núñez"]
    assert names("owner") == ["José Núñez"]
    assert names("5550142") == ["José Núñez"]
    assert names("jnunez@harbormusic.net") == ["José Núñez"]
    assert names("nobody") == []
    assert len(service.list("")) == 2


def test_search_follows_edits_and_deletes(db: object) -> None:
    service = _store(db, ["Ada Lovelace"])
    ada = service.list("ada")[0]
    contact = service.get(ada.id)
    from dataclasses import replace

    service.update(ada.id, replace(contact.draft, organization="Analytical Engines", tags=("math",)))
    assert [c.name for c in service.list("analytical math")] == ["Ada Lovelace"]
    service.update(ada.id, replace(contact.draft, tags=()))
    assert service.list("math") == []
    service.delete(ada.id)
    assert service.list("ada") == []


_NAME_PARTS = st.sampled_from(
    [
        "José",
        "Jose",
        "Núñez",
        "nunez",
        "Zoë",
        "Müller",
        "O'Brien",
        "Łukasz",
        "ANNA",
        "anne",
        "Li",
        "Ng",
        "Søren",
    ]
)


@settings(max_examples=25, deadline=None)
@given(
    people=st.lists(st.lists(_NAME_PARTS, min_size=1, max_size=3), min_size=1, max_size=6),
    query=st.lists(_NAME_PARTS.map(lambda p: p[: max(1, len(p) - 1)]), min_size=1, max_size=2),
)
def test_sqlite_search_equals_the_python_rule(
    tmp_path_factory: object, people: list[list[str]], query: list[str]
) -> None:
    from netdesk.services.database import open_database

    db = open_database(tmp_path_factory.mktemp("search"))  # type: ignore[attr-defined]
    try:
        names = [" ".join(parts) for parts in people]
        service = _store(db, names)
        q = " ".join(query)
        expected = sorted(n for n in names if matches(query_terms(q), index_text(n)))
        assert sorted(c.name for c in service.list(q)) == expected
    finally:
        db.close()


def test_every_new_session_factory_keeps_the_index_and_versions(db: object) -> None:
    """A database reopened (after a restore, say) gets new session factories, often at the
    address of freed ones; SQLAlchemy's ``event.contains`` took them for the old ones, so the
    install was skipped and contacts went unindexed. Every fresh factory must index."""
    import gc

    from netdesk.storage import search_index, versioning
    from netdesk.storage.engine import make_sessionmaker
    from netdesk.storage.models import ContactRow, ContactTagRow

    engine = db.engine  # type: ignore[attr-defined]
    for n in range(30):
        factory = make_sessionmaker(engine)
        search_index.install(factory)
        versioning.install(factory)
        search_index.install(factory)  # a second install adds nothing
        with factory.begin() as s:
            row = ContactRow(display_name=f"Quentin{n} Zyx", uid=f"uid-{n}")
            s.add(row)
            s.flush()
            contact_id = row.id
        with factory.begin() as s:
            loaded = s.get(ContactRow, contact_id)
            assert loaded is not None
            loaded.tags.append(ContactTagRow(tag=f"tagq{n}"))
        with factory() as s:
            assert search_index.search_ids(s, f'"quentin{n}"*') == [contact_id], n
            assert search_index.search_ids(s, f'"tagq{n}"*') == [contact_id], n
            assert s.get(ContactRow, contact_id).version == 2, n  # type: ignore[union-attr]
        del factory, s, loaded
        gc.collect()
