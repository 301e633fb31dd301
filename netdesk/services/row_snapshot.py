"""Exact undo of a delete: every row the delete removes (through ON DELETE CASCADE, however deep)
and every reference it clears (ON DELETE SET NULL), captured as stored and put back later.

Driven by the schema's foreign keys, so a table added by a later migration is covered without
touching this module. Rows go back under their old ids; when another row took an id meanwhile
(SQLite reuses the highest rowid), the restored row gets a new id and every restored reference
to it follows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Table, text
from sqlalchemy.orm import Session

from netdesk.storage.schema import Base

Row = dict[str, Any]
Key = tuple[Any, ...]
#: A table with this column keeps a change counter (``contact``): rows put back and rows whose
#: references are re-pointed count as changed, so a window still holding the old version asks
#: before saving over them.
VERSION_COLUMN = "version"


@dataclass(frozen=True)
class RowSnapshot:
    """Plain data (safe to hold in an undo stack): rows to re-insert and references to re-point."""

    rows: tuple[tuple[str, Row], ...]
    nulled: tuple[tuple[str, str, Key, Any], ...]  # (table, column, primary key, old value)


def quote(name: str) -> str:
    """An SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def _tables() -> dict[str, Table]:
    return dict(Base.metadata.tables)


def _references_to(target: Table) -> Iterator[tuple[Table, Column[Any], str]]:
    """(table, column, ondelete) of every foreign key pointing at ``target``."""
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            for fk in column.foreign_keys:
                if fk.column.table is target:
                    yield table, column, (fk.ondelete or "NO ACTION").upper()


def raw_rows(s: Session, table: str, column: str, values: Sequence[Any]) -> list[Row]:
    """Rows exactly as stored (plain SQL skips the type decorators, so they go back unchanged)."""
    out: list[Row] = []
    for start in range(0, len(values), 500):
        chunk = list(values[start : start + 500])
        marks = ", ".join(f":v{i}" for i in range(len(chunk)))
        result = s.execute(
            text(f"SELECT * FROM {quote(table)} WHERE {quote(column)} IN ({marks})"),
            {f"v{i}": v for i, v in enumerate(chunk)},
        )
        out.extend(dict(r) for r in result.mappings())
    return out


def insert_raw(s: Session, table: str, row: Row) -> None:
    """Insert ``row`` exactly as given (no type decorators, ids included)."""
    columns = list(row)
    s.execute(
        text(
            f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
            f"VALUES ({', '.join(':' + c for c in columns)})"
        ),
        row,
    )


def _key(table: Table, row: Row) -> Key:
    return tuple(row[c.name] for c in table.primary_key.columns)


def _single_id(table: Table) -> str | None:
    columns = list(table.primary_key.columns)
    return columns[0].name if len(columns) == 1 else None


def capture(s: Session, table_name: str, ids: Sequence[Any]) -> RowSnapshot:
    """What deleting rows ``ids`` of ``table_name`` will remove or clear, read before the delete."""
    tables = _tables()
    collected: dict[str, dict[Key, Row]] = {}
    order: list[tuple[str, Row]] = []
    nulled: list[tuple[str, str, Key, Any]] = []

    def visit(table: Table, column: str, values: Sequence[Any]) -> None:
        seen = collected.setdefault(table.name, {})
        new = [r for r in raw_rows(s, table.name, column, values) if _key(table, r) not in seen]
        for row in new:
            seen[_key(table, row)] = row
            order.append((table.name, row))
        pk = _single_id(table)
        if not new or pk is None:
            return
        new_ids = [row[pk] for row in new]
        for child, child_column, ondelete in _references_to(table):
            if ondelete == "CASCADE":
                visit(child, child_column.name, new_ids)
            elif ondelete == "SET NULL":
                for row in raw_rows(s, child.name, child_column.name, new_ids):
                    nulled.append((child.name, child_column.name, _key(child, row), row[child_column.name]))

    visit(tables[table_name], "id", list(ids))
    return RowSnapshot(rows=tuple(order), nulled=tuple(nulled))


def _exists(s: Session, table: Table, column: str, value: Any) -> bool:
    found = s.execute(
        text(f"SELECT 1 FROM {quote(table.name)} WHERE {quote(column)} = :v LIMIT 1"), {"v": value}
    )
    return found.first() is not None


def restore(s: Session, snapshot: RowSnapshot) -> dict[str, dict[Any, Any]]:
    """Put the captured rows back and re-point cleared references; returns old -> new ids that
    changed, per table. References to rows deleted since (an event, a lead) are left empty, or the
    row is dropped when the reference is required."""
    tables = _tables()
    rank = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    moved: dict[str, dict[Any, Any]] = {}
    restored: dict[str, set[Any]] = {}
    for table_name, original in sorted(snapshot.rows, key=lambda item: rank[item[0]]):
        table = tables[table_name]
        values = dict(original)
        keep = True
        for column in table.columns:
            for fk in column.foreign_keys:
                value = values.get(column.name)
                if value is None:
                    continue
                target = fk.column.table
                value = moved.get(target.name, {}).get(value, value)
                values[column.name] = value
                if value in restored.get(target.name, set()) or _exists(s, target, fk.column.name, value):
                    continue
                if column.nullable:
                    values[column.name] = None
                else:
                    keep = False
        if not keep:
            continue
        if values.get(VERSION_COLUMN) is not None and VERSION_COLUMN in table.columns:
            values[VERSION_COLUMN] = int(values[VERSION_COLUMN]) + 1
        pk = _single_id(table)
        if pk is not None and _exists(s, table, pk, values[pk]):
            old = values.pop(pk)
            insert_raw(s, table_name, values)
            new = s.execute(text("SELECT last_insert_rowid()")).scalar_one()
            moved.setdefault(table_name, {})[old] = new
            values[pk] = new
        elif pk is None and _exists_row(s, table, values):
            continue
        else:
            insert_raw(s, table_name, values)
        if pk is not None:
            restored.setdefault(table_name, set()).add(values[pk])
    for table_name, column_name, key, old_value in snapshot.nulled:
        table = tables[table_name]
        target_name = next(iter(table.columns[column_name].foreign_keys)).column.table.name
        where = " AND ".join(f"{quote(c.name)} = :k{i}" for i, c in enumerate(table.primary_key.columns))
        bump = f", {VERSION_COLUMN} = {VERSION_COLUMN} + 1" if VERSION_COLUMN in table.columns else ""
        s.execute(
            text(
                f"UPDATE {quote(table_name)} SET {quote(column_name)} = :value{bump} "
                f"WHERE {where} AND {quote(column_name)} IS NULL"
            ),
            {
                "value": moved.get(target_name, {}).get(old_value, old_value),
                **{f"k{i}": v for i, v in enumerate(key)},
            },
        )
    return moved


def _exists_row(s: Session, table: Table, values: Row) -> bool:
    where = " AND ".join(f"{quote(c.name)} = :k{i}" for i, c in enumerate(table.primary_key.columns))
    params = {f"k{i}": values[c.name] for i, c in enumerate(table.primary_key.columns)}
    return (
        s.execute(text(f"SELECT 1 FROM {quote(table.name)} WHERE {where} LIMIT 1"), params).first()
        is not None
    )
