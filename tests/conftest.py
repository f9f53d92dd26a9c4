import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

# the store_url fixture: every storage test runs on SQLite and on PostgreSQL
pytest_plugins = ["tracker_fixtures"]
