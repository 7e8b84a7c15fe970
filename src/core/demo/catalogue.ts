/**
 * The static reference part of the demo scenario "winter 2022–23": regions, organisations, items,
 * events and sources. Regions, organisations and events are public facts (see
 * shared/reference/demo-facts.md); item reference prices are synthetic estimates and say so.
 * How needs and pledges are generated from this catalogue lives in winter-2022.scenario.ts.
 */

export interface RegionFact {
  /** ISO 3166-2:UA code. */
  readonly code: string;
  readonly name: string;
  /** Resident population on 1 January 2021 (Ukrstat), whole people. */
  readonly population: number;
}

/** The 25 regions of Ukraine outside Crimea and Sevastopol, with Ukrstat populations of 1 Jan 2021. */
export const UKRAINE_REGIONS = [
  { code: 'UA-05', name: 'Vinnytsia Oblast', population: 1_522_000 },
  { code: 'UA-07', name: 'Volyn Oblast', population: 1_024_700 },
  { code: 'UA-12', name: 'Dnipropetrovsk Oblast', population: 3_138_700 },
  { code: 'UA-14', name: 'Donetsk Oblast', population: 4_087_400 },
  { code: 'UA-18', name: 'Zhytomyr Oblast', population: 1_196_300 },
  { code: 'UA-21', name: 'Zakarpattia Oblast', population: 1_247_300 },
  { code: 'UA-23', name: 'Zaporizhzhia Oblast', population: 1_665_700 },
  { code: 'UA-26', name: 'Ivano-Frankivsk Oblast', population: 1_358_400 },
  { code: 'UA-32', name: 'Kyiv Oblast', population: 1_782_700 },
  { code: 'UA-35', name: 'Kirovohrad Oblast', population: 913_700 },
  { code: 'UA-09', name: 'Luhansk Oblast', population: 2_116_700 },
  { code: 'UA-46', name: 'Lviv Oblast', population: 2_479_400 },
  { code: 'UA-48', name: 'Mykolaiv Oblast', population: 1_107_700 },
  { code: 'UA-51', name: 'Odesa Oblast', population: 2_357_100 },
  { code: 'UA-53', name: 'Poltava Oblast', population: 1_363_700 },
  { code: 'UA-56', name: 'Rivne Oblast', population: 1_147_400 },
  { code: 'UA-59', name: 'Sumy Oblast', population: 1_051_300 },
  { code: 'UA-61', name: 'Ternopil Oblast', population: 1_027_300 },
  { code: 'UA-63', name: 'Kharkiv Oblast', population: 2_618_200 },
  { code: 'UA-65', name: 'Kherson Oblast', population: 1_015_300 },
  { code: 'UA-68', name: 'Khmelnytskyi Oblast', population: 1_240_600 },
  { code: 'UA-71', name: 'Cherkasy Oblast', population: 1_174_600 },
  { code: 'UA-77', name: 'Chernivtsi Oblast', population: 893_500 },
  { code: 'UA-74', name: 'Chernihiv Oblast', population: 968_100 },
  { code: 'UA-30', name: 'Kyiv City', population: 2_920_900 },
] as const satisfies readonly RegionFact[];

export type RegionCode = (typeof UKRAINE_REGIONS)[number]['code'];

/** Ukrstat total for 1 Jan 2021, excluding Crimea and Sevastopol. */
export const UKRAINE_POPULATION_2021 = 41_418_700;

export type OrganisationKind =
  | 'state'
  | 'international_organisation'
  | 'ministry'
  | 'recipient_agency'
  | 'other';
export type Membership = 'NATO' | 'G7' | 'EU';

export interface OrganisationFact {
  /** Key used inside the scenario; not stored. */
  readonly key: string;
  readonly name: string;
  readonly shortName: string | null;
  readonly kind: OrganisationKind;
  /** ISO 3166-1 alpha-2. */
  readonly countryCode: string | null;
  readonly parentKey?: string;
  /** True for organisations invented for the demo. */
  readonly synthetic?: boolean;
}

export interface DonorFact extends OrganisationFact {
  readonly kind: 'state' | 'international_organisation';
  /** Memberships in autumn 2022 (Finland and Sweden were NATO invitees, not members). */
  readonly memberships: readonly Membership[];
  /** ISO 4217 currency the donor usually reports in. */
  readonly currency: string;
}

const EU_NATO: readonly Membership[] = ['NATO', 'EU'];
const G7_EU_NATO: readonly Membership[] = ['NATO', 'G7', 'EU'];

const state = <K extends string>(
  key: K,
  name: string,
  memberships: readonly Membership[],
  currency: string,
  shortName: string | null = null,
) => ({ key, name, shortName, kind: 'state' as const, countryCode: key as string, memberships, currency });

const organisation = <K extends string>(key: K, name: string, shortName: string) => ({
  key,
  name,
  shortName,
  kind: 'international_organisation' as const,
  countryCode: null,
  memberships: [] as readonly Membership[],
  currency: 'EUR',
});

/** Donor states and organisations of the coalition (NATO, G7 and EU members). */
export const DONORS = [
  state('US', 'United States', ['NATO', 'G7'], 'USD', 'USA'),
  state('GB', 'United Kingdom', ['NATO', 'G7'], 'GBP', 'UK'),
  state('DE', 'Germany', G7_EU_NATO, 'EUR'),
  state('FR', 'France', G7_EU_NATO, 'EUR'),
  state('IT', 'Italy', G7_EU_NATO, 'EUR'),
  state('CA', 'Canada', ['NATO', 'G7'], 'CAD'),
  state('JP', 'Japan', ['G7'], 'JPY'),
  state('PL', 'Poland', EU_NATO, 'PLN'),
  state('NL', 'Netherlands', EU_NATO, 'EUR'),
  state('NO', 'Norway', ['NATO'], 'NOK'),
  state('DK', 'Denmark', EU_NATO, 'DKK'),
  state('SE', 'Sweden', ['EU'], 'SEK'),
  state('FI', 'Finland', ['EU'], 'EUR'),
  state('BE', 'Belgium', EU_NATO, 'EUR'),
  state('ES', 'Spain', EU_NATO, 'EUR'),
  state('PT', 'Portugal', EU_NATO, 'EUR'),
  state('CZ', 'Czechia', EU_NATO, 'CZK'),
  state('SK', 'Slovakia', EU_NATO, 'EUR'),
  state('LT', 'Lithuania', EU_NATO, 'EUR'),
  state('LV', 'Latvia', EU_NATO, 'EUR'),
  state('EE', 'Estonia', EU_NATO, 'EUR'),
  state('RO', 'Romania', EU_NATO, 'RON'),
  state('BG', 'Bulgaria', EU_NATO, 'BGN'),
  state('HR', 'Croatia', EU_NATO, 'EUR'),
  state('SI', 'Slovenia', EU_NATO, 'EUR'),
  state('GR', 'Greece', EU_NATO, 'EUR'),
  state('TR', 'Türkiye', ['NATO'], 'TRY'),
  state('LU', 'Luxembourg', EU_NATO, 'EUR'),
  state('AT', 'Austria', ['EU'], 'EUR'),
  state('IE', 'Ireland', ['EU'], 'EUR'),
  organisation('EU', 'European Union', 'EU'),
  organisation('NATO', 'North Atlantic Treaty Organization', 'NATO'),
] as const satisfies readonly DonorFact[];

export type DonorKey = (typeof DONORS)[number]['key'];

/** Recipients in Ukraine and the coalition's coordination cell. */
export const RECIPIENTS = [
  {
    key: 'COORD',
    name: 'Coalition aid coordination cell (demo)',
    shortName: 'Coordination cell',
    kind: 'other',
    countryCode: null,
    synthetic: true,
  },
  {
    key: 'MOD',
    name: 'Ministry of Defence of Ukraine',
    shortName: 'MoD Ukraine',
    kind: 'ministry',
    countryCode: 'UA',
  },
  {
    key: 'MOH',
    name: 'Ministry of Health of Ukraine',
    shortName: 'MoH Ukraine',
    kind: 'ministry',
    countryCode: 'UA',
  },
  {
    key: 'MOE',
    name: 'Ministry of Energy of Ukraine',
    shortName: 'MoE Ukraine',
    kind: 'ministry',
    countryCode: 'UA',
  },
  // Listed before its parent on purpose: the loader must order parents first by itself.
  {
    key: 'SES',
    name: 'State Emergency Service of Ukraine',
    shortName: 'SESU',
    kind: 'recipient_agency',
    countryCode: 'UA',
    parentKey: 'MIA',
  },
  {
    key: 'MIA',
    name: 'Ministry of Internal Affairs of Ukraine',
    shortName: 'MIA Ukraine',
    kind: 'ministry',
    countryCode: 'UA',
  },
  {
    key: 'UKRENERGO',
    name: 'NPC Ukrenergo',
    shortName: 'Ukrenergo',
    kind: 'recipient_agency',
    countryCode: 'UA',
  },
] as const satisfies readonly OrganisationFact[];

export type RecipientKey = (typeof RECIPIENTS)[number]['key'];

/** Regional (and Kyiv City) military administrations that post needs for their own region. */
export const MILITARY_ADMINISTRATIONS = [
  { regionCode: 'UA-63', name: 'Kharkiv Regional Military Administration' },
  { regionCode: 'UA-65', name: 'Kherson Regional Military Administration' },
  { regionCode: 'UA-23', name: 'Zaporizhzhia Regional Military Administration' },
  { regionCode: 'UA-48', name: 'Mykolaiv Regional Military Administration' },
  { regionCode: 'UA-51', name: 'Odesa Regional Military Administration' },
  { regionCode: 'UA-12', name: 'Dnipropetrovsk Regional Military Administration' },
  { regionCode: 'UA-32', name: 'Kyiv Regional Military Administration' },
  { regionCode: 'UA-30', name: 'Kyiv City Military Administration' },
] as const satisfies readonly { regionCode: RegionCode; name: string }[];

export interface ItemFact {
  readonly code: string;
  readonly name: string;
  readonly category: string;
  readonly unit: string;
  /** Synthetic estimate in EUR, 2 decimals. */
  readonly price: string;
  readonly description: string;
}

const ESTIMATE_NOTE = 'Reference price is a synthetic estimate for the demo, not a quoted price.';

const item = <C extends string>(
  code: C,
  name: string,
  category: string,
  unit: string,
  price: string,
  what: string,
) => ({
  code,
  name,
  category,
  unit,
  price,
  description: `${what} ${ESTIMATE_NOTE}`,
});

/** The item catalogue: military, non-lethal and energy items of the winter 2022–23 packages. */
// biome-ignore format: one item per line reads as a table
export const ITEMS = [
  item('AD-IRIS-T-SLM', 'IRIS-T SLM air defence fire unit', 'military/air-defence', 'system', '140000000.00', 'Medium-range surface-to-air system: launchers, radar and command post.'),
  item('AD-NASAMS', 'NASAMS air defence fire unit', 'military/air-defence', 'system', '100000000.00', 'Medium-range surface-to-air system firing AIM-120 missiles.'),
  item('AD-PATRIOT', 'Patriot air defence battery', 'military/air-defence', 'system', '1000000000.00', 'Long-range air and missile defence battery.'),
  item('AD-SAMP-T', 'SAMP/T air defence battery', 'military/air-defence', 'system', '500000000.00', 'Long-range air and missile defence battery (Aster missiles).'),
  item('AD-HAWK', 'HAWK surface-to-air missile launcher', 'military/air-defence', 'system', '5000000.00', 'Medium-range surface-to-air launcher with fire control.'),
  item('AD-CROTALE', 'Crotale NG short-range air defence system', 'military/air-defence', 'system', '25000000.00', 'Short-range surface-to-air system.'),
  item('AD-GEPARD', 'Gepard self-propelled anti-aircraft gun', 'military/air-defence', 'unit', '3000000.00', 'Twin 35 mm anti-aircraft gun on a tracked chassis; effective against drones.'),
  item('AD-AVENGER', 'Avenger short-range air defence vehicle', 'military/air-defence', 'unit', '2500000.00', 'Stinger launcher on a light vehicle.'),
  item('AD-STINGER', 'Stinger MANPADS missile', 'military/air-defence', 'missile', '400000.00', 'Man-portable surface-to-air missile.'),
  item('AD-PIORUN', 'Piorun MANPADS missile', 'military/air-defence', 'missile', '150000.00', 'Man-portable surface-to-air missile.'),
  item('AD-STARSTREAK', 'Starstreak MANPADS missile', 'military/air-defence', 'missile', '250000.00', 'Man-portable high-velocity surface-to-air missile.'),
  item('AD-MSL-IRIS-T', 'IRIS-T SLM interceptor missile', 'military/air-defence', 'missile', '450000.00', 'Interceptor for the IRIS-T SLM fire unit.'),
  item('AD-MSL-AIM-120', 'AIM-120 AMRAAM interceptor for NASAMS', 'military/air-defence', 'missile', '1000000.00', 'Interceptor for the NASAMS fire unit.'),
  item('AD-CUAS-JAMMER', 'Counter-drone jamming system', 'military/air-defence', 'system', '300000.00', 'Detects and jams small drones and loitering munitions.'),
  item('AMMO-155', '155 mm artillery shell', 'military/ammunition', 'round', '4000.00', 'NATO-standard artillery projectile with charge and fuze.'),
  item('AMMO-152', '152 mm artillery shell', 'military/ammunition', 'round', '3000.00', 'Soviet-standard artillery projectile with charge and fuze.'),
  item('AMMO-122', '122 mm artillery shell', 'military/ammunition', 'round', '2000.00', 'Soviet-standard howitzer projectile with charge and fuze.'),
  item('AMMO-105', '105 mm artillery shell', 'military/ammunition', 'round', '1500.00', 'Light howitzer projectile with charge and fuze.'),
  item('AMMO-120-MORTAR', '120 mm mortar bomb', 'military/ammunition', 'round', '1200.00', 'Heavy mortar round.'),
  item('AMMO-GMLRS', 'GMLRS guided rocket', 'military/ammunition', 'rocket', '150000.00', 'Guided rocket for HIMARS and M270/MARS II launchers.'),
  item('AMMO-122-GRAD', '122 mm Grad rocket', 'military/ammunition', 'rocket', '1500.00', 'Unguided rocket for BM-21 launchers.'),
  item('AMMO-5.56', '5.56×45 mm cartridge', 'military/ammunition', 'round', '0.60', 'Rifle cartridge.'),
  item('AMMO-7.62', '7.62×39 mm cartridge', 'military/ammunition', 'round', '0.50', 'Rifle cartridge.'),
  item('AMMO-ATGM-JAVELIN', 'Javelin anti-tank missile', 'military/ammunition', 'missile', '200000.00', 'Man-portable anti-tank guided missile.'),
  item('AMMO-NLAW', 'NLAW anti-tank weapon', 'military/ammunition', 'unit', '35000.00', 'Single-use short-range anti-tank weapon.'),
  item('ART-M777', 'M777 155 mm towed howitzer', 'military/artillery', 'unit', '4000000.00', 'Light towed howitzer.'),
  item('ART-PZH-2000', 'PzH 2000 155 mm self-propelled howitzer', 'military/artillery', 'unit', '10000000.00', 'Tracked self-propelled howitzer.'),
  item('ART-CAESAR', 'CAESAR 155 mm truck-mounted howitzer', 'military/artillery', 'unit', '5000000.00', 'Wheeled self-propelled howitzer.'),
  item('ARM-LEOPARD-2', 'Leopard 2 main battle tank', 'military/armour', 'unit', '6000000.00', 'Main battle tank (2A4 or 2A6).'),
  item('ARM-CHALLENGER-2', 'Challenger 2 main battle tank', 'military/armour', 'unit', '6000000.00', 'Main battle tank.'),
  item('ARM-BRADLEY', 'M2 Bradley infantry fighting vehicle', 'military/armour', 'unit', '3500000.00', 'Tracked infantry fighting vehicle.'),
  item('ARM-MARDER', 'Marder 1A3 infantry fighting vehicle', 'military/armour', 'unit', '1500000.00', 'Tracked infantry fighting vehicle.'),
  item('ARM-M113', 'M113 armoured personnel carrier', 'military/armour', 'unit', '400000.00', 'Tracked armoured personnel carrier.'),
  item('ARM-AMX-10RC', 'AMX-10 RC armoured reconnaissance vehicle', 'military/armour', 'unit', '2000000.00', 'Wheeled armoured reconnaissance vehicle.'),
  item('FUEL-DIESEL', 'Diesel fuel', 'non-lethal/fuel', 'litre', '1.50', 'For vehicles and generators.'),
  item('FUEL-PETROL', 'Petrol (A-95)', 'non-lethal/fuel', 'litre', '1.60', 'For light vehicles and small generators.'),
  item('FUEL-JET', 'Aviation fuel (Jet A-1)', 'non-lethal/fuel', 'litre', '1.20', 'For aircraft and helicopters.'),
  item('FUEL-COAL', 'Thermal coal', 'non-lethal/fuel', 'tonne', '300.00', 'For heating plants and boiler houses.'),
  item('MED-IFAK', 'Individual first aid kit', 'non-lethal/medical', 'kit', '80.00', 'Tourniquet, haemostatic dressing, bandages.'),
  item('MED-TOURNIQUET', 'Combat application tourniquet', 'non-lethal/medical', 'unit', '30.00', 'Windlass tourniquet.'),
  item('MED-TRAUMA-KIT', 'Trauma kit for stabilisation points', 'non-lethal/medical', 'kit', '2500.00', 'Supplies to stabilise about 20 casualties.'),
  item('MED-SURGICAL-SET', 'Surgical instrument set', 'non-lethal/medical', 'set', '15000.00', 'General surgery instruments for a hospital theatre.'),
  item('MED-AMBULANCE', 'Ambulance (type B)', 'non-lethal/medical', 'unit', '120000.00', 'Emergency ambulance with equipment.'),
  item('MED-FIELD-HOSPITAL', 'Field hospital module (50 beds)', 'non-lethal/medical', 'unit', '2000000.00', 'Deployable hospital module with power and water.'),
  item('MED-BURN-KIT', 'Burn treatment kit', 'non-lethal/medical', 'kit', '300.00', 'Dressings and gels for burn injuries.'),
  item('WIN-SLEEPING-BAG', 'Winter sleeping bag', 'non-lethal/winter', 'unit', '120.00', 'Rated to −20 °C.'),
  item('WIN-UNIFORM-SET', 'Winter uniform set', 'non-lethal/winter', 'set', '350.00', 'Insulated jacket and trousers, thermal underwear, gloves, hat.'),
  item('WIN-BOOTS', 'Winter boots', 'non-lethal/winter', 'pair', '150.00', 'Insulated waterproof boots.'),
  item('WIN-TENT-HEATED', 'Heated tent', 'non-lethal/winter', 'unit', '5000.00', 'Insulated tent with heater for 10–20 people.'),
  item('WIN-STOVE', 'Tent stove', 'non-lethal/winter', 'unit', '300.00', 'Wood or diesel stove for tents and shelters.'),
  item('WIN-BLANKET', 'Thermal blanket', 'non-lethal/winter', 'unit', '15.00', 'Wool-blend blanket.'),
  item('PRO-BODY-ARMOUR', 'Body armour (plate carrier with plates)', 'non-lethal/protection', 'set', '900.00', 'Plate carrier with two ballistic plates.'),
  item('PRO-HELMET', 'Ballistic helmet', 'non-lethal/protection', 'unit', '400.00', 'Combat helmet.'),
  item('PRO-CBRN-KIT', 'CBRN protection kit', 'non-lethal/protection', 'kit', '300.00', 'Mask, filters and protective suit.'),
  item('PRO-DEMINING-KIT', 'Demining kit', 'non-lethal/protection', 'kit', '20000.00', 'Detectors, protective equipment and tools for one team.'),
  item('GEN-5KVA', 'Portable generator 5 kVA', 'energy/generator', 'unit', '1500.00', 'Petrol or diesel generator for homes, shelters and small sites.'),
  item('GEN-30KVA', 'Generator 30 kVA', 'energy/generator', 'unit', '12000.00', 'Diesel generator for schools, heating points and small clinics.'),
  item('GEN-100KVA', 'Generator 100 kVA', 'energy/generator', 'unit', '35000.00', 'Diesel generator for water pumping and larger buildings.'),
  item('GEN-220KVA', 'Generator 220 kVA (hospital size)', 'energy/generator', 'unit', '70000.00', 'Diesel generator able to power a hospital.'),
  item('GEN-1MVA', 'Generator 1 MVA', 'energy/generator', 'unit', '300000.00', 'Containerised diesel generator for water works and district heating.'),
  item('GEN-GAS-TURBINE', 'Mobile gas turbine power plant (about 25 MW)', 'energy/generator', 'unit', '20000000.00', 'Trailer-mounted gas turbine generating set.'),
  item('TRF-110KV', '110 kV power transformer', 'energy/transformer', 'unit', '1500000.00', 'Substation transformer for the 110 kV network.'),
  item('TRF-330KV', '330 kV autotransformer', 'energy/transformer', 'unit', '5000000.00', 'Autotransformer for 330 kV backbone substations.'),
  item('TRF-750KV', '750 kV autotransformer', 'energy/transformer', 'unit', '12000000.00', 'Autotransformer for 750 kV backbone substations.'),
  item('TRF-10KV', '10/0.4 kV distribution transformer', 'energy/transformer', 'unit', '25000.00', 'Distribution transformer for local networks.'),
  item('GRID-HV-BREAKER', '330 kV circuit breaker', 'energy/grid', 'unit', '400000.00', 'High-voltage SF6 circuit breaker.'),
  item('GRID-DISCONNECTOR', 'High-voltage disconnector', 'energy/grid', 'unit', '50000.00', 'Disconnector for 110–330 kV substations.'),
  item('GRID-CABLE-10KV', '10 kV power cable', 'energy/grid', 'km', '60000.00', 'Medium-voltage underground cable.'),
  item('GRID-CONDUCTOR', 'Overhead line conductor (ACSR)', 'energy/grid', 'tonne', '6000.00', 'Aluminium conductor steel-reinforced, for line repair.'),
  item('GRID-MOBILE-SUBSTATION', 'Mobile substation', 'energy/grid', 'unit', '3000000.00', 'Trailer-mounted substation to bypass a damaged one.'),
  item('HEAT-BOILER-MODULAR', 'Modular boiler house (1 MW)', 'energy/heating', 'unit', '150000.00', 'Containerised boiler house for district heating.'),
] as const satisfies readonly ItemFact[];

export type ItemCode = (typeof ITEMS)[number]['code'];

export type EventKind = 'ministerial' | 'conference' | 'summit' | 'bilateral' | 'other';

export interface EventFact {
  readonly key: string;
  readonly name: string;
  readonly kind: EventKind;
  readonly location: string;
  readonly startsOn: string;
  readonly endsOn: string;
  /** Organisation that convened it; owns the event record. */
  readonly organiserKey: DonorKey;
}

const udcg = <D extends string>(date: D, location: string) =>
  ({
    key: `UDCG-${date}`,
    name: `Ukraine Defense Contact Group (Ramstein format), ${location}`,
    kind: 'ministerial',
    location,
    startsOn: date,
    endsOn: date,
    organiserKey: 'US',
  }) as const;

/** Where pledges of the period were announced. */
export const EVENTS = [
  udcg('2022-04-26', 'Ramstein Air Base'),
  udcg('2022-05-23', 'virtual'),
  udcg('2022-06-15', 'NATO Headquarters, Brussels'),
  udcg('2022-07-20', 'virtual'),
  udcg('2022-09-08', 'Ramstein Air Base'),
  udcg('2022-10-12', 'NATO Headquarters, Brussels'),
  {
    key: 'G7-FM-2022-11-03',
    name: "G7 Foreign Ministers' Meeting, Münster",
    kind: 'ministerial',
    location: 'Münster',
    startsOn: '2022-11-03',
    endsOn: '2022-11-04',
    organiserKey: 'DE',
  },
  udcg('2022-11-16', 'virtual'),
  {
    key: 'NATO-FM-2022-11-29',
    name: "NATO Foreign Ministers' Meeting, Bucharest",
    kind: 'ministerial',
    location: 'Palace of the Parliament, Bucharest',
    startsOn: '2022-11-29',
    endsOn: '2022-11-30',
    organiserKey: 'NATO',
  },
  {
    key: 'G7-ENERGY-2022-11-29',
    name: "G7+ meeting on Ukraine's energy infrastructure, Bucharest",
    kind: 'ministerial',
    location: 'Bucharest',
    startsOn: '2022-11-29',
    endsOn: '2022-11-29',
    organiserKey: 'DE',
  },
  {
    key: 'G7-LEADERS-2022-12-12',
    name: "G7 Leaders' video conference on Ukraine",
    kind: 'summit',
    location: 'virtual',
    startsOn: '2022-12-12',
    endsOn: '2022-12-12',
    organiserKey: 'DE',
  },
  {
    key: 'PARIS-2022-12-13',
    name: 'Standing with the Ukrainian people (international conference), Paris',
    kind: 'conference',
    location: 'Paris',
    startsOn: '2022-12-13',
    endsOn: '2022-12-13',
    organiserKey: 'FR',
  },
  udcg('2023-01-20', 'Ramstein Air Base'),
  udcg('2023-02-14', 'NATO Headquarters, Brussels'),
  {
    key: 'EU-AMMO-2023-03-20',
    name: 'Council of the EU: one million artillery shells for Ukraine',
    kind: 'ministerial',
    location: 'Brussels',
    startsOn: '2023-03-20',
    endsOn: '2023-03-20',
    organiserKey: 'EU',
  },
  udcg('2023-04-21', 'Ramstein Air Base'),
] as const satisfies readonly EventFact[];

export type EventKey = (typeof EVENTS)[number]['key'];

export interface SourceFact {
  readonly key: string;
  readonly url: string;
  readonly title: string;
  readonly publisher: string;
  readonly publishedOn: string | null;
  readonly kind: 'primary' | 'secondary';
  readonly notes: string;
  /** Catalogue records the source supports. */
  readonly supports: {
    readonly regions?: 'all';
    readonly events?: readonly EventKey[];
  };
}

/** Provenance of the public facts above. */
export const SOURCES = [
  {
    key: 'UKRSTAT-2021',
    url: 'https://ukrstat.gov.ua/',
    title: 'Resident population by region as of 1 January 2021 (table nas2021_e)',
    publisher: 'State Statistics Service of Ukraine (Ukrstat)',
    publishedOn: null,
    kind: 'primary',
    notes: 'Thousands of residents, excluding Crimea and Sevastopol; stored in the demo as whole people.',
    supports: { regions: 'all' },
  },
  {
    key: 'NATO-BUCHAREST',
    url: 'https://www.nato.int/',
    title: "NATO Foreign Ministers' Meeting, Bucharest, 29–30 November 2022",
    publisher: 'NATO',
    publishedOn: '2022-11-30',
    kind: 'primary',
    notes:
      'Air defence, ammunition and non-lethal aid (fuel, medical supplies, winter equipment) for Ukraine.',
    supports: { events: ['NATO-FM-2022-11-29', 'G7-ENERGY-2022-11-29'] },
  },
  {
    key: 'KYIV-INDEPENDENT-STRIKES',
    url: 'https://kyivindependent.com/',
    title: "Russian strikes on Ukraine's energy system, October–November 2022",
    publisher: 'The Kyiv Independent',
    publishedOn: null,
    kind: 'secondary',
    notes:
      'Strike waves of 10, 17 and 31 October and 15 and 23 November 2022 and the regions worst hit; they shape when and where the synthetic energy needs fall.',
    supports: {},
  },
] as const satisfies readonly SourceFact[];
