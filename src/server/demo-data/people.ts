/** The demo register's people: the local list service's demo users, with the job titles papers print. */
import type { Person } from '../../domain/types';

export const morgan: Person = {
  name: 'Morgan Reid',
  email: 'morgan.reid@council.example',
  jobTitle: 'Corporate Risk Officer',
};
export const priya: Person = {
  name: 'Priya Shah',
  email: 'priya.shah@council.example',
  jobTitle: "Director of Children's Services",
};
export const tom: Person = {
  name: 'Tom Okafor',
  email: 'tom.okafor@council.example',
  jobTitle: 'Director of Adult Social Care',
};
export const helen: Person = {
  name: 'Helen Marsh',
  email: 'helen.marsh@council.example',
  jobTitle: 'Director of Finance and Resources',
};
export const sam: Person = {
  name: 'Sam Lee',
  email: 'sam.lee@council.example',
  jobTitle: 'Audit Committee member',
};
