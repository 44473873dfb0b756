"""Run a fixed-shape ORM query without building its SQL again on every request.

Turning a QuerySet into SQL is most of what a simple page query costs in Python
(about 0.5 ms a query on the 2-core benchmark machine, against 0.1 ms to send it
and read the rows). The public pages ask the same questions with new values (a
slug, a search phrase, ten ids), so ``PreparedQuery`` has the ORM write each
shape once per process and database, with stand-in values, and then runs that
SQL with the real ones. The ORM still writes every query (visibility through
``live()``, joins, quoting, the database's dialect); only the repeated work is
skipped.

Use it only for querysets whose other parameters are constants: a value computed
while the queryset is built (``timezone.now()``, a setting read at that moment)
would be frozen into the prepared SQL.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models import JSONField, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import JSONObject

from editorial.models import cached_queryset

# A stand-in is a value no page ever asks for; each one must come back unchanged among the SQL parameters.
TEXT_STAND_IN = "\ue000prepared-{}\ue000"
NUMBER_STAND_IN = -(2**53)
# Shapes kept per query: a search's shape depends on how many variants its words spell out, which a visitor picks;
# past this many, a new shape is compiled for its one use and not kept.
MAX_SHAPES = 64


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: tuple[tuple[int, int], ...]  # (parameter position, index of the value that fills it)
    names: tuple[str, ...]
    converters: dict


class PreparedQuery:
    """A values() queryset built by ``build(*values)``, compiled once per database and shape of values."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._compiled: dict[tuple, _Compiled] = {}
        self._lock = threading.Lock()

    def rows(self, *values: str | int, using: str = "default") -> list[dict]:
        """Return the rows for these values as dicts, exactly as the built queryset's values() would."""
        connection = connections[using]
        compiled = self._prepare(connection, values)
        params = list(compiled.params)
        for position, index in compiled.slots:
            params[position] = values[index]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            found = cursor.fetchall()
        rows = []
        for row in found:
            row = list(row)
            for position, (converters, expression) in compiled.converters.items():
                for convert in converters:
                    row[position] = convert(row[position], expression, connection)
            rows.append(dict(zip(compiled.names, row, strict=True)))
        return rows

    def _prepare(self, connection, values) -> _Compiled:
        shape = (connection.alias, connection.vendor, *(type(value) for value in values))
        compiled = self._compiled.get(shape)
        if compiled is None:
            compiled = self._compile(connection, values)
            with self._lock:
                if len(self._compiled) < MAX_SHAPES:
                    self._compiled.setdefault(shape, compiled)
        return compiled

    def _compile(self, connection, values) -> _Compiled:
        stand_ins = [_stand_in(index, value) for index, value in enumerate(values)]
        queryset = self.build(*stand_ins)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        slots = []
        for position, param in enumerate(params):
            for index, stand_in in enumerate(stand_ins):
                if type(param) is type(stand_in) and param == stand_in:
                    slots.append((position, index))
        missing = set(range(len(stand_ins))) - {index for _, index in slots}
        if missing:
            raise ValueError(f"The ORM changed value(s) {sorted(missing)} on the way into SQL; prepare another shape.")
        names = tuple(alias or expression.target.attname for expression, _, alias in compiler.select)
        converters = compiler.get_converters([expression for expression, _, _ in compiler.select])
        return _Compiled(sql, tuple(params), tuple(slots), names, converters)


def _stand_in(index: int, value):
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError("A prepared query takes text and integer values only.")
    return TEXT_STAND_IN.format(index) if isinstance(value, str) else NUMBER_STAND_IN - index


class JSONList(Subquery):
    """The rows of a one-column values() subquery (e.g. ``values(item=JSONObject(...))``) as one JSON array.

    The array keeps the subquery's order; it is ``[]`` when there are no rows.
    """

    template = "(SELECT COALESCE(JSONB_AGG(_rows.item), '[]'::jsonb) FROM (%(subquery)s) _rows)"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        template = "(SELECT COALESCE(JSON_GROUP_ARRAY(JSON(_rows.item)), '[]') FROM (%(subquery)s) _rows)"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def instance(model: type[Model], data: dict, using: str = "default") -> Model:
    """Return a model instance loaded from some of its columns (the others are deferred), as a query would."""
    fields = [field for field in model._meta.concrete_fields if field.attname in data]
    values = [field.to_python(data[field.attname]) for field in fields]
    return model.from_db(using, [field.attname for field in fields], values)


class LivePageQuery:
    """Load one live page by slug, with the rows it links to and the lists it shows, in one prepared query.

    ``fields`` are the page's own columns; ``joined`` maps a foreign key to the columns shown of its row;
    ``lists`` maps a related manager (``authors``, ``sources``) to the queryset and columns of its items,
    in that queryset's order. Templates then read ``page.topic.name`` or ``page.authors.all`` with no query.
    """

    def __init__(self, model, fields, joined: dict[str, tuple], lists: dict[str, tuple[QuerySet, tuple]]):
        self.model, self.fields, self.joined, self.lists = model, tuple(fields), joined, lists
        self.query = PreparedQuery(self._build)

    def get(self, slug: str):
        """Return the live page with this slug, or None."""
        found = self.query.rows(slug)
        if not found:
            return None
        row = found[0]
        page = instance(self.model, {name: row[name] for name in ("id", *self.fields)})
        for name, columns in self.joined.items():
            data = {column: row[f"{name}__{column}"] for column in ("id", *columns)}
            related = self.model._meta.get_field(name).related_model
            setattr(page, name, instance(related, data) if data["id"] is not None else None)
        page._prefetched_objects_cache = {
            name: cached_queryset(queryset.model, [instance(queryset.model, item) for item in row[f"{name}__list"]])
            for name, (queryset, _) in self.lists.items()
        }
        return page

    def _build(self, slug):
        joined = [f"{name}__{column}" for name, columns in self.joined.items() for column in ("id", *columns)]
        lists = {f"{name}__list": JSONList(self._items(name, *spec)) for name, spec in self.lists.items()}
        return self.model.objects.live().filter(slug=slug).values("id", *self.fields, *joined, **lists)

    def _items(self, name, queryset, columns):
        field = self.model._meta.get_field(name)
        # The lookup from an item back to the page: the foreign key or many-to-many it is reached through.
        back = field.field.name if field.auto_created and not field.concrete else field.related_query_name()
        ordering = queryset.query.order_by or queryset.model._meta.ordering
        item = JSONObject(**{column: column for column in ("id", *columns)})
        return queryset.filter(**{back: OuterRef("pk")}).order_by(*ordering).values(item=item)
