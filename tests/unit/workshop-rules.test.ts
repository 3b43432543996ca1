import { describe, expect, it } from 'vitest';
import { accessOf, mayCall, procedureNames, procedures, type ProcedureName } from '../../src-main/contract';
import { joinCode, formatJoinCode } from '../../src-main/contract/workshop';
import { lanAddresses } from '../../src-main/server/lan';

describe('who may call what', () => {
  const member = { role: 'member', remote: true } as const;
  const coordinator = { role: 'coordinator', remote: true } as const;
  const host = { role: 'coordinator', remote: false } as const;

  it('lets a member read everything but the workshop’s own lists, and do exactly the catalogue work', () => {
    const memberWrites = procedureNames.filter((name) => procedures[name].kind !== 'query' && procedures[name].kind !== 'record' && accessOf(name) === 'member');
    expect(memberWrites.sort()).toEqual(
      [
        'evacuations.createBoxes',
        'evacuations.load',
        'evacuations.pack',
        'evacuations.place',
        'evacuations.putBack',
        'evacuations.receive',
        'jobs.cancel',
        'moves.create',
        'moves.returnToNormal',
        'moves.scan',
        'moves.undo',
        'objects.bulkUpdate',
        'objects.checkCondition',
        'objects.create',
        'objects.update',
        'photos.attach',
        'photos.detach',
        'photos.import',
        'photos.updateLink',
        'viewpoints.setPhoto',
      ].sort(),
    );
    for (const name of procedureNames.filter((n) => procedures[n].kind === 'query')) {
      expect(mayCall(name, member), name).toBe(!['devices.list', 'workshop.status'].includes(name));
    }
  });

  it('keeps settings, vocabularies, imports, exports, milestones and the workshop for the coordinator', () => {
    const coordinators: ProcedureName[] = [
      'catalogue.rename',
      'people.create',
      'locations.create',
      'vocabularies.setTerms',
      'customFields.create',
      'imports.commit',
      'imports.undo',
      'exports.create',
      'labels.create',
      'labels.saveSettings',
      'milestones.create',
      'milestones.delete',
      'devices.list',
      'devices.revoke',
      'workshop.status',
    ];
    for (const name of coordinators) {
      expect(mayCall(name, member), name).toBe(false);
      expect(mayCall(name, coordinator), name).toBe(true);
    }
  });

  it('opens and closes the workshop only from the catalogue’s own app, and lets anyone join', () => {
    for (const name of ['workshop.open', 'workshop.close'] as const) {
      expect(mayCall(name, coordinator), name).toBe(false);
      expect(mayCall(name, host), name).toBe(true);
    }
    for (const name of ['devices.join', 'devices.joinInfo', 'devices.current'] as const) expect(mayCall(name, member), name).toBe(true);
    // The process holding the catalogue may call anything (its window, its command line, the workshop itself).
    for (const name of procedureNames) expect(mayCall(name, host), name).toBe(true);
  });
});

describe('join codes', () => {
  it('are read whatever the case, spaces and dashes, and refused when malformed', () => {
    expect(joinCode.parse('k7qx2-m9prt')).toBe('K7QX2M9PRT');
    expect(joinCode.parse(' K7QX2 M9PRT ')).toBe('K7QX2M9PRT');
    expect(formatJoinCode('K7QX2M9PRT')).toBe('K7QX2-M9PRT');
    for (const bad of ['', 'K7QX2M9PR', 'K7QX2M9PRTT', 'K7QX2M9PRI', 'K7QX2M9PRO', 'K7QX2M9PR!']) expect(joinCode.safeParse(bad).success, bad).toBe(false);
  });
});

describe('the addresses a workshop offers', () => {
  const info = (address: string, internal = false) => ({ address, family: 'IPv4' as const, internal, netmask: '', mac: '', cidr: null });
  it('puts the Wi-Fi or Ethernet address first, and leaves out loopback, link-local, IPv6 and virtual interfaces', () => {
    expect(
      lanAddresses({
        lo: [info('127.0.0.1', true)],
        docker0: [info('172.17.0.1')],
        vboxnet0: [info('192.168.56.1')],
        en0: [info('192.168.1.20'), { ...info('fe80::1'), family: 'IPv6', scopeid: 4 }],
        en5: [info('169.254.10.2')],
        eth1: [info('84.20.1.7')],
      }),
    ).toEqual([
      { address: '192.168.1.20', interface: 'en0' },
      { address: '84.20.1.7', interface: 'eth1' },
    ]);
  });
  it('offers a virtual interface when there is nothing else, and nothing without a network', () => {
    expect(lanAddresses({ lo: [info('127.0.0.1', true)], docker0: [info('172.17.0.1')] })).toEqual([{ address: '172.17.0.1', interface: 'docker0' }]);
    expect(lanAddresses({ lo: [info('127.0.0.1', true)] })).toEqual([]);
  });
});
