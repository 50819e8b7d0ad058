import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface MunicipalityView {
  code: string;
  name: string;
  regionCode: string;
  regionName: string;
}

/** Reference data (all 98 municipalities), the same for every organisation. */
@Injectable()
export class MunicipalityRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  listAll(): Promise<MunicipalityView[]> {
    return this.ds.query(
      `SELECT code, name, region_code AS "regionCode", region_name AS "regionName" FROM municipality ORDER BY code`,
    );
  }
}
