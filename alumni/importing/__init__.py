"""Importing a faculty's alumni spreadsheet (CSV or XLSX): validate every row, then commit all of it or nothing.

- `columns`: the columns a file may have and the Romanian and English headers that name them;
- `readers`: the file as rows of text (CSV in its encodings and delimiters, or XLSX);
- `checks`: the header's and each row's checks, with the lookups of faculties, cycles and sectors;
- `results`: what an import reports (counts, errors by row and column, a sample of the changes);
- `inserts`: the bulk insert the run writes new people and consents with;
- `run`: one run over one file, `AlumniImport`, and `import_alumni`.
"""

from alumni.importing.results import ImportFileError, ImportResult, RowError, RowSummary
from alumni.importing.run import AlumniImport, import_alumni

__all__ = ["AlumniImport", "ImportFileError", "ImportResult", "RowError", "RowSummary", "import_alumni"]
