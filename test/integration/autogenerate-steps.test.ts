import { inject } from 'vitest';
import { describeModelSteps } from './autogenerate-project.js';

// The suite's environment: current Alembic with SQLAlchemy 2.1.
describeModelSteps('the suite environment (current Alembic, SQLAlchemy 2.1)', () => inject('python'));
