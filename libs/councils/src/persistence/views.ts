import type {
  AreaSource,
  CompoundBuildingView,
  CompoundView,
  OwnedUnitView,
  OwnerChangeView,
  OwnerFieldChange,
  OwnerView,
  UnitOwnerRef,
  UnitView,
} from '@gz/contracts';
import type { CompoundPlace } from '../domain/access';

export interface CompoundRow {
  id: string;
  street_code: string;
  community_path: string;
  name: string;
  address: string | null;
  property_company_path: string | null;
  property_company_name: string | null;
  owners_committee_path: string | null;
  owners_committee_name: string | null;
  version: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

/** A compound with what it counts. */
export interface CompoundCountsRow extends CompoundRow {
  buildings: number;
  units: number;
  owners: number;
  total_area: string | number;
}

export interface BuildingRow {
  id: string;
  compound_id: string;
  name: string;
  created_at: Date;
}

export interface UnitRow {
  id: string;
  compound_id: string;
  building_id: string;
  building_name: string;
  number: string;
  registered_area: number | null;
  surveyed_area: number | null;
  contract_area: number | null;
  area: number;
  area_source: AreaSource;
  developer_unsold: boolean;
  version: number;
}

export interface OwnerRow {
  id: string;
  compound_id: string;
  name: string;
  phone_sealed: string | null;
  phone_masked: string | null;
  phone_index: string | null;
  developer: boolean;
  user_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** One unit an owner holds, as read with the owner. */
export interface HoldingRow {
  owner_id: string;
  unit_id: string;
  building_name: string;
  number: string;
  area: number;
  area_source: AreaSource;
}

export interface OwnerChangeRow {
  id: string;
  owner_id: string;
  change: string;
  fields: OwnerFieldChange[];
  by: string;
  at: Date;
}

export const placeOf = (c: CompoundRow): CompoundPlace => ({
  communityPath: c.community_path,
  propertyCompanyPath: c.property_company_path,
  ownersCommitteePath: c.owners_committee_path,
});

export function compoundView(c: CompoundCountsRow): CompoundView {
  return {
    id: c.id,
    street: c.street_code,
    communityPath: c.community_path,
    name: c.name,
    address: c.address,
    propertyCompany: c.property_company_path
      ? { path: c.property_company_path, name: c.property_company_name ?? '' }
      : null,
    ownersCommittee: c.owners_committee_path
      ? { path: c.owners_committee_path, name: c.owners_committee_name ?? '' }
      : null,
    buildings: Number(c.buildings),
    units: Number(c.units),
    owners: Number(c.owners),
    totalArea: Number(c.total_area),
    version: c.version,
    createdAt: c.created_at.toISOString(),
  };
}

export const buildingView = (b: BuildingRow): CompoundBuildingView => ({
  id: b.id,
  compoundId: b.compound_id,
  name: b.name,
  createdAt: b.created_at.toISOString(),
});

export const unitView = (u: UnitRow, owners: UnitOwnerRef[]): UnitView => ({
  id: u.id,
  compoundId: u.compound_id,
  buildingId: u.building_id,
  building: u.building_name,
  number: u.number,
  registeredArea: u.registered_area,
  surveyedArea: u.surveyed_area,
  contractArea: u.contract_area,
  area: u.area,
  areaSource: u.area_source,
  developerUnsold: u.developer_unsold,
  owners,
  version: u.version,
});

export const ownedUnitView = (h: HoldingRow): OwnedUnitView => ({
  unitId: h.unit_id,
  building: h.building_name,
  number: h.number,
  area: h.area,
  areaSource: h.area_source,
});

export const ownerView = (o: OwnerRow, holdings: HoldingRow[]): OwnerView => ({
  id: o.id,
  compoundId: o.compound_id,
  name: o.name,
  phoneMasked: o.phone_masked,
  developer: o.developer,
  linked: o.user_id !== null,
  units: holdings.map(ownedUnitView),
  version: o.version,
  createdAt: o.created_at.toISOString(),
  updatedAt: o.updated_at.toISOString(),
});

export const ownerChangeView = (c: OwnerChangeRow): OwnerChangeView => ({
  id: c.id,
  change: c.change,
  fields: c.fields,
  by: c.by,
  at: c.at.toISOString(),
});
