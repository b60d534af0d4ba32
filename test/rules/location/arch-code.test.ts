import { archCode } from '../../../src/rules/location/arch-code.js';
import { ruleCases } from '../../helpers/rule-tester.js';
import { BASE_TREE, inf, lineOf } from '../platform/fixture-tree.js';

const MOVABLE = 'OvmfPkg/TdxAcceptDxe/TdxAcceptDxe.inf';
const MOVABLE_INF = inf({ name: 'TdxAcceptDxe', uses: ['TdxLib'] });

const SVSM = 'UefiCpuPkg/Library/AmdSvsmLib/AmdSvsmLib.inf';
const SVSM_INF = inf({
  name: 'AmdSvsmLib',
  libraryClass: 'AmdSvsmLib',
  packages: ['MdePkg/MdePkg.dec', 'UefiCpuPkg/UefiCpuPkg.dec', 'OvmfPkg/OvmfPkg.dec'],
  uses: ['MemEncryptSevLib'],
});

ruleCases(archCode, {
  valid: [
    {
      name: 'CC modules of OvmfPkg that use OvmfPkg declarations, and CC libraries of MdePkg and UefiCpuPkg that do not',
      files: {
        ...BASE_TREE,
        'UefiCpuPkg/Library/SevCpuLib/SevCpuLib.inf': inf({
          name: 'SevCpuLib',
          libraryClass: 'SevCpuLib',
          packages: ['MdePkg/MdePkg.dec', 'UefiCpuPkg/UefiCpuPkg.dec'],
        }),
      },
    },
    {
      name: 'ArmVirtPkg is a virtual-platform package built on OvmfPkg: its CCA code may depend on OvmfPkg',
      files: {
        ...BASE_TREE,
        'ArmVirtPkg/ArmVirtPkg.dec':
          '[Defines]\n  DEC_SPECIFICATION = 0x00010005\n  PACKAGE_NAME = ArmVirtPkg\n  PACKAGE_GUID = 8B5A3D1C-0E4F-4C6A-9B2D-7F1E3A5C9D01\n',
        'ArmVirtPkg/Library/ArmCcaLib/ArmCcaLib.inf': inf({
          name: 'ArmCcaLib',
          libraryClass: 'ArmCcaLib',
          packages: ['MdePkg/MdePkg.dec', 'OvmfPkg/OvmfPkg.dec', 'ArmVirtPkg/ArmVirtPkg.dec'],
        }),
      },
    },
    {
      name: 'a Null instance in OvmfPkg that needs only MdePkg is not a feature to move',
      files: {
        ...BASE_TREE,
        'OvmfPkg/Library/TdxMailboxLibNull/TdxMailboxLibNull.inf': inf({
          name: 'TdxMailboxLibNull',
          libraryClass: 'TdxMailboxLib',
        }),
      },
    },
    {
      name: 'a TDX driver whose [Packages] lists only MdePkg but whose source includes an OvmfPkg header by a relative path',
      files: {
        ...BASE_TREE,
        [MOVABLE]: inf({ name: 'TdxAcceptDxe', uses: ['TdxLib'], sources: ['TdxAccept.c'] }),
        'OvmfPkg/TdxAcceptDxe/TdxAccept.c': '#include "../Include/WorkArea.h"\n',
        'OvmfPkg/Include/WorkArea.h': '#define WORK_AREA 1\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a TDX driver in OvmfPkg that depends only on MdePkg may move out (advisory): the finding is on [Packages]',
      files: { ...BASE_TREE, [MOVABLE]: MOVABLE_INF },
      findings: [
        {
          path: MOVABLE,
          line: lineOf(MOVABLE_INF, '[Packages]'),
          cc: 'tdx',
          message:
            'TdxAcceptDxe, a TDX driver in OvmfPkg, depends only on MdePkg: as architecture code it may move out of OvmfPkg',
        },
      ],
    },
    {
      name: 'a SEV library of UefiCpuPkg that lists OvmfPkg.dec: the finding is on that line and names what it uses',
      files: { ...BASE_TREE, [SVSM]: SVSM_INF },
      findings: [
        {
          path: SVSM,
          line: lineOf(SVSM_INF, 'OvmfPkg/OvmfPkg.dec'),
          cc: 'sev',
          message: 'AmdSvsmLib, SEV code outside OvmfPkg, depends on OvmfPkg/OvmfPkg.dec (MemEncryptSevLib)',
        },
      ],
    },
  ],
});
