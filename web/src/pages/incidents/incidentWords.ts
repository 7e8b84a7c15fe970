// Message ids of the incident API's enumerations, written out so that the key-check test sees
// each id used (web/src/i18n/words.ts explains why ids are never built from values).

export const INCIDENT_KIND_IDS: Readonly<Record<string, string>> = {
  missile_strike: 'incidents.kind.missile_strike',
  drone_strike: 'incidents.kind.drone_strike',
  shelling: 'incidents.kind.shelling',
  sabotage: 'incidents.kind.sabotage',
  failure: 'incidents.kind.failure',
  other: 'incidents.kind.other',
};

export const INCIDENT_STATUS_IDS: Readonly<Record<string, string>> = {
  active: 'incidents.status.active',
  resolved: 'incidents.status.resolved',
  retracted: 'incidents.status.retracted',
};

export const SERVICE_IDS: Readonly<Record<string, string>> = {
  power: 'incidents.service.power',
  heat: 'incidents.service.heat',
  water: 'incidents.service.water',
  communications: 'incidents.service.communications',
};
