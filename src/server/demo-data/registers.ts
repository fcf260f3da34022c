/**
 * The demo register, written for this product in the style of the councils' papers (not copied
 * from them): five registers, one per scoring scheme, with causes, controls, actions and a history
 * of quarterly reviews. Ratings are [likelihood, impact] scale values; history runs oldest first,
 * ending with the current rating.
 */
import { corporateRegisters } from './corporate';
import { peopleServicesRegisters } from './people-services';
import type { DemoRegister } from './types';

export type { DemoRegister, DemoRisk } from './types';

export const demoRegisters: DemoRegister[] = [...peopleServicesRegisters, ...corporateRegisters];
