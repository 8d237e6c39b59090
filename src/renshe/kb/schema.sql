-- renshe knowledge base: one SQLite file built from the source text (see docs/architecture.md).
-- Lists are stored as JSON text; dates as ISO strings; line spans are the source's own lines.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE toc (
  idx INTEGER PRIMARY KEY, category TEXT NOT NULL, subcategory TEXT, title TEXT NOT NULL,
  doc_number_raw TEXT, doc_number TEXT, page INTEGER, line_start INTEGER, line_end INTEGER, doc_id TEXT
);

CREATE TABLE documents (
  id TEXT PRIMARY KEY, ord INTEGER NOT NULL, doc_number TEXT, doc_number_raw TEXT, title TEXT NOT NULL,
  issuers TEXT NOT NULL, signed_on TEXT, effective_from TEXT, effective_until TEXT,
  category TEXT NOT NULL, subcategory TEXT, line_start INTEGER NOT NULL, line_end INTEGER NOT NULL,
  title_start INTEGER NOT NULL, body_start INTEGER NOT NULL, toc_index INTEGER NOT NULL,
  toc_title TEXT NOT NULL, toc_page INTEGER
);

CREATE TABLE provisions (
  id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), ord INTEGER NOT NULL,
  kind TEXT NOT NULL, label TEXT NOT NULL, path TEXT NOT NULL, parent_id TEXT, heading TEXT NOT NULL,
  text TEXT NOT NULL, raw_text TEXT NOT NULL, line_start INTEGER NOT NULL, line_end INTEGER NOT NULL
);
CREATE INDEX provisions_doc ON provisions(doc_id, ord);

CREATE TABLE tables (
  id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), ord INTEGER NOT NULL,
  provision_id TEXT, title TEXT NOT NULL, columns TEXT NOT NULL, line_start INTEGER NOT NULL,
  line_end INTEGER NOT NULL
);
CREATE TABLE table_rows (
  table_id TEXT NOT NULL REFERENCES tables(id), ord INTEGER NOT NULL, line INTEGER, cells TEXT NOT NULL,
  PRIMARY KEY (table_id, ord)
);

-- Every 文号 printed in a provision's text, linked to the document when it is in the compilation.
CREATE TABLE refs (
  from_provision TEXT NOT NULL, from_doc TEXT NOT NULL, doc_number TEXT NOT NULL, to_doc TEXT,
  raw TEXT NOT NULL, start INTEGER NOT NULL
);
CREATE INDEX refs_to ON refs(doc_number);

-- Names by which a document can be asked for: canonical 文号, id.
CREATE TABLE doc_aliases (alias TEXT NOT NULL, doc_id TEXT NOT NULL, PRIMARY KEY (alias, doc_id));

-- Old provision ids a parser fix replaced (data/provision_aliases.yaml), resolved like ids.
CREATE TABLE provision_aliases (alias TEXT PRIMARY KEY, provision_id TEXT NOT NULL REFERENCES provisions(id));

-- Articles the compilation relies on but does not print (data/external_provisions.yaml), quoted
-- from their official publication and always marked as not from the compilation.
CREATE TABLE external_documents (
  id TEXT PRIMARY KEY, doc_number TEXT, title TEXT NOT NULL, issuer TEXT, promulgated_on TEXT,
  effective_from TEXT, source TEXT NOT NULL
);
CREATE TABLE external_provisions (
  id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES external_documents(id), ord INTEGER NOT NULL,
  label TEXT NOT NULL, text TEXT NOT NULL
);

CREATE TABLE findings (
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, message TEXT NOT NULL, line_start INTEGER NOT NULL,
  line_end INTEGER NOT NULL, doc_id TEXT
);
