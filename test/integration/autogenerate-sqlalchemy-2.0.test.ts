import { ensureVenv } from '../support/python-env.js';
import { describeModelSteps } from './autogenerate-project.js';

// The same requirements as the compatibility matrix's environment, so both share it.
describeModelSteps('current Alembic and SQLAlchemy 2.0', () => ensureVenv('sqlalchemy-2.0', ['alembic', 'sqlalchemy>=2.0,<2.1', 'psycopg2-binary']));
