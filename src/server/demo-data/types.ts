/** The shape of the demo register (registers.ts): ratings are [likelihood, impact] scale values. */
import type { ActionStatus, Person } from '../../domain/types';

export type DemoRisk = {
  reference: string;
  title: string;
  description: string;
  cause: string;
  event: string;
  consequence: string;
  directorate: string;
  category: string;
  owners: Person[];
  cabinetMembers?: Person[];
  inherent: [number, number];
  target: [number, number];
  /** Current rating per quarter, oldest first; the last is the risk's current rating. */
  history: [number, number][];
  /** Comment per quarter, same order. */
  comments: string[];
  /** Whether the owner has already reviewed the current quarter. */
  reviewedThisPeriod: boolean;
  appetite?: number;
  timescaleToTarget: string;
  triggers: string[];
  controls: { title: string; owner: Person; tag?: string }[];
  actions: {
    title: string;
    owner: Person;
    due: string;
    status: ActionStatus;
    progress: number;
    note?: string;
  }[];
};

export type DemoRegister = { name: string; preset: string; defaultAppetite?: number; risks: DemoRisk[] };
