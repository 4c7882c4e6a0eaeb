"""Creating a municipality schema as a copy of the migrated template schema.

django-tenants ships a general clone_schema() in PL/pgSQL; it introspects a
great deal per table and made provisioning slower than simply migrating
(median 530 ms against 245 ms in bench/provisioning.py). Django's migrations
create only tables, identity columns, indexes, check/unique constraints and
foreign keys, so this copies exactly those, with plain catalog queries:

* every table with ``CREATE TABLE … (LIKE template.t …)`` (columns, defaults,
  NOT NULL, and a new identity sequence per identity column);
* every constraint (primary key, unique, check, exclusion, foreign key) and
  index under its original name, re-pointed from the template to the new
  schema;
* every row (the template holds only django_migrations and content types),
  with identity sequences moved past the copied ids.

It runs inside the caller's transaction: a failed provisioning leaves no
schema behind. tests check that a cloned schema matches a migrated one."""

from django.db import connection


def clone_schema(source: str, target: str) -> None:
    q = connection.ops.quote_name

    def into_target(sql: str) -> str:
        # Definitions from the catalog name the template schema; point them at
        # the new one. Both names are validated schema names (k630, …).
        return sql.replace(f"{q(source)}.", f"{q(target)}.").replace(
            f" {source}.", f" {q(target)}."
        )

    with connection.cursor() as cursor:
        _refuse_what_is_not_copied(cursor, source)
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p') ORDER BY c.relname",
            [source],
        )
        tables = [row[0] for row in cursor.fetchall()]
        if not tables:
            raise RuntimeError(f"The template schema {source!r} has no tables.")
        cursor.execute(f"CREATE SCHEMA {q(target)}")
        for table in tables:
            # Constraints and indexes are added below under their own names
            # (LIKE … INCLUDING would rename them, and later migrations that
            # drop a constraint by name would then fail).
            cursor.execute(
                f"CREATE TABLE {q(target)}.{q(table)} (LIKE {q(source)}.{q(table)} "
                "INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING GENERATED)"
            )
        cursor.execute(
            "SELECT cl.relname, con.conname, pg_get_constraintdef(con.oid) "
            "FROM pg_constraint con "
            "JOIN pg_class cl ON cl.oid = con.conrelid "
            "JOIN pg_namespace n ON n.oid = cl.relnamespace "
            "WHERE n.nspname = %s AND con.contype IN ('p', 'u', 'c', 'x', 'f') "
            "ORDER BY con.contype = 'f', cl.relname, con.conname",
            [source],
        )
        for table, name, definition in cursor.fetchall():
            cursor.execute(
                f"ALTER TABLE {q(target)}.{q(table)} ADD CONSTRAINT {q(name)} "
                + into_target(definition)
            )
        cursor.execute(
            "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid) "
            "ORDER BY c.relname",
            [source],
        )
        for (definition,) in cursor.fetchall():
            cursor.execute(into_target(definition))
        for table in tables:
            cursor.execute(
                f"INSERT INTO {q(target)}.{q(table)} SELECT * FROM {q(source)}.{q(table)}"  # noqa: S608
            )
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = %s AND is_identity = 'YES'",
            [target],
        )
        for table, column in cursor.fetchall():
            qualified = f"{q(target)}.{q(table)}"
            # Identifiers come from the catalog and are quoted.
            next_id = f"COALESCE((SELECT MAX({q(column)}) FROM {qualified}), 0) + 1"  # noqa: S608
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), {next_id}, false)",
                [qualified, column],
            )


def _refuse_what_is_not_copied(cursor, source: str) -> None:
    """Fail loudly, instead of provisioning an incomplete schema, the day a
    tenant migration creates something this copy does not carry over."""
    cursor.execute(
        "SELECT 'view or other relation ' || c.relname FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %(s)s AND c.relkind NOT IN ('r', 'p', 'i', 'I', 'S') "
        "UNION ALL SELECT 'sequence not owned by an identity column ' || c.relname "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %(s)s AND c.relkind = 'S' AND NOT EXISTS ("
        "  SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'i') "
        "UNION ALL SELECT 'function ' || p.proname FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = %(s)s "
        "UNION ALL SELECT 'trigger ' || t.tgname FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %(s)s AND NOT t.tgisinternal "
        "UNION ALL SELECT 'type ' || t.typname FROM pg_type t "
        "JOIN pg_namespace n ON n.oid = t.typnamespace "
        "WHERE n.nspname = %(s)s AND t.typtype IN ('e', 'd', 'c') AND NOT EXISTS ("
        "  SELECT 1 FROM pg_class c WHERE c.reltype = t.oid)",
        {"s": source},
    )
    unsupported = [row[0] for row in cursor.fetchall()]
    if unsupported:
        raise RuntimeError(
            f"The template schema {source!r} holds what tenants/schema_clone.py does not "
            f"copy: {', '.join(unsupported)}. Extend the copy (and its test) first."
        )
