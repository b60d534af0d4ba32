/**
 * Word lists the NASM scanner needs to tell a machine instruction from a macro invocation and a
 * bare label. A statement whose first word is none of these, and not a label, is a macro
 * invocation: edk2 defines `tdcall`, `OneTimeCall`, `PVALIDATE` … as macros, often in another file
 * of the same assembly unit, so "not a known mnemonic" is the only per-file test available.
 * All names lower-case. Checked against every NASM file of edk2 (2026-08): each first word the
 * scanner took for a macro there is a macro some edk2 file defines.
 */

const words = (s: string): string[] => s.split(/\s+/).filter((w) => w !== '');

const CONDITIONS = words(
  'a ae b be c e g ge l le na nae nb nbe nc ne ng nge nl nle no np ns nz o p pe po s z',
);

/**
 * Jcc: conditional near jumps, plus the count-register tests and loops (`loop
 * pageTableEntries4kLoop` is the only way back to the top of a loop).
 */
export const JCC_MNEMONICS: ReadonlySet<string> = new Set([
  ...CONDITIONS.map((c) => `j${c}`),
  'jcxz',
  'jecxz',
  'jrcxz',
  ...words('loop loope loopne loopnz loopz').flatMap((w) => [w, `${w}w`, `${w}d`, `${w}q`]),
]);

/** Prefixes NASM accepts as separate words before an instruction (`rep vmmcall`, `lock xadd`). */
export const INSTRUCTION_PREFIXES: ReadonlySet<string> = new Set(
  words(`rep repe repz repne repnz lock xacquire xrelease bnd nobnd
    o16 o32 o64 a16 a32 a64 asp osp wait {vex} {vex2} {vex3} {evex} {rex} {disp8} {disp32} {load} {store} {nf} {dfv}`),
);

/** Data and reservation pseudo-instructions: they emit (or reserve) bytes like instructions do. */
export const DATA_MNEMONICS: ReadonlySet<string> = new Set(
  words('db dw dd dq dt do dy dz resb resw resd resq rest reso resy resz incbin'),
);

/** Assembler directives: they shape the output but are not instructions of the routine. */
export const ASSEMBLER_DIRECTIVES: ReadonlySet<string> = new Set(
  words(`bits use16 use32 use64 default section segment absolute extern global static common
    required cpu float org align alignb sectalign struc endstruc istruc at iend group uppercase
    import export library module safeseh osabi warning list nolist debug`),
);

const GENERAL = words(`
  aaa aad aam aas adc adcx add adox and andn arpl bextr blcfill blci blcic blcmsk blcs blsfill blsi
  blsic blsmsk blsr bndcl bndcn bndcu bndldx bndmk bndmov bndstx bound bsf bsr bswap bt btc btr bts
  bzhi call cbw cdq cdqe clac clc cld cldemote clflush clflushopt clgi cli clrssbsy clts clui clwb
  clzero cmc cmp cmpsb cmpsd cmpsq cmpsw cmpxchg cmpxchg8b cmpxchg16b cpuid cqo crc32 cwd cwde daa
  das dec div emms encls enclu enclv endbr32 endbr64 enqcmd enqcmds enter erets eretu hlt hreset
  ibts icebp idiv imul in inc incsspd incsspq insb insd insw int int01 int03 int1 int3 into invd
  invept invlpg invlpga invlpgb invpcid invvpid iret iretd iretq iretw jmp jmpe lahf lar lds lea
  leave les lfence lfs lgdt lgs lidt lkgs lldt lmsw loadall loadall286 lodsb lodsd lodsq lodsw loop
  loopd loope looped loopeq loopew loopne loopned loopneq loopnew loopnz loopnzd loopnzq loopnzw
  loopq loopw loopz loopzd loopzq loopzw lsl lss ltr lzcnt mfence monitor monitorx montmul mov movbe
  movd movdir64b movdiri movq movsb movsd movsq movsw movsx movsxd movzx mul mulx mwait mwaitx neg
  nop not or out outsb outsd outsw pause pconfig pdep pext pop popa popad popaw popcnt popf popfd
  popfq popfw prefetch prefetchnta prefetcht0 prefetcht1 prefetcht2 prefetchw prefetchwt1 psmash
  ptwrite push pusha pushad pushaw pushf pushfd pushfq pushfw pvalidate rcl rcr rdfsbase rdgsbase
  rdmsr rdmsrlist rdpid rdpkru rdpmc rdpru rdrand rdseed rdsspd rdsspq rdtsc rdtscp ret retd retf
  retfd retfq retfw retn retnd retnq retnw retq retw rmpadjust rmpquery rmpupdate rol ror rorx rsm
  rstorssp sahf sal salc sar sarx saveprevssp sbb scasb scasd scasq scasw seamcall seamops seamret
  senduipi serialize setssbsy sfence sgdt shl shld shlx shr shrd shrx sidt skinit sldt smint smsw
  stac stc std stgi sti stosb stosd stosq stosw str stui sub swapgs syscall sysenter sysexit
  sysexitq sysret sysretq tdcall test testui tlbsync tpause tzcnt ud0 ud1 ud2 ud2a ud2b uiret
  umonitor umov umwait verr verw vmcall vmclear vmfunc vmgexit vmlaunch vmload vmmcall vmptrld
  vmptrst vmread vmresume vmrun vmsave vmwrite vmxoff vmxon wait wbinvd wbnoinvd wrfsbase wrgsbase
  wrmsr wrmsrlist wrmsrns wrpkru wrssd wrssq wrussd wrussq xabort xadd xbegin xchg xcryptcbc
  xcryptcfb xcryptctr xcryptecb xcryptofb xend xgetbv xlat xlatb xor xresldtrk xrstor xrstor64
  xrstors xrstors64 xsave xsave64 xsavec xsavec64 xsaveopt xsaveopt64 xsaves xsaves64 xsetbv xsha1
  xsha256 xstore xsusldtrk xtest`);

const X87 = words(`
  f2xm1 fabs fadd faddp fbld fbstp fchs fclex fcmovb fcmovbe fcmove fcmovnb fcmovnbe fcmovne
  fcmovnu fcmovu fcom fcomi fcomip fcomp fcompp fcos fdecstp fdisi fdiv fdivp fdivr fdivrp feni
  femms ffree ffreep fiadd ficom ficomp fidiv fidivr fild fimul fincstp finit fist fistp fisttp
  fisub fisubr fld fld1 fldcw fldenv fldl2e fldl2t fldlg2 fldln2 fldpi fldz fmul fmulp fnclex
  fndisi fneni fninit fnop fnsave fnstcw fnstenv fnstsw fpatan fprem fprem1 fptan frndint frstor
  fsave fscale fsetpm fsin fsincos fsqrt fst fstcw fstenv fstp fstsw fsub fsubp fsubr fsubrp ftst
  fucom fucomi fucomip fucomp fucompp fwait fxam fxch fxrstor fxrstor64 fxsave fxsave64 fxtract
  fyl2x fyl2xp1`);

/** MMX/SSE…SSE4.2, AES, SHA, CLMUL, GFNI: each also exists as an AVX form with a `v` prefix. */
const SIMD = words(`
  addpd addps addsd addss addsubpd addsubps andnpd andnps andpd andps blendpd blendps blendvpd
  blendvps cmppd cmpps cmpsd cmpss comisd comiss cvtdq2pd cvtdq2ps cvtpd2dq cvtpd2pi cvtpd2ps
  cvtpi2pd cvtpi2ps cvtps2dq cvtps2pd cvtps2pi cvtsd2si cvtsd2ss cvtsi2sd cvtsi2ss cvtss2sd
  cvtss2si cvttpd2dq cvttpd2pi cvttps2dq cvttps2pi cvttsd2si cvttss2si divpd divps divsd divss
  dppd dpps extractps haddpd haddps hsubpd hsubps insertps lddqu ldmxcsr maskmovdqu maskmovq maxpd
  maxps maxsd maxss minpd minps minsd minss movapd movaps movd movddup movdq2q movdqa movdqu
  movhlps movhpd movhps movlhps movlpd movlps movmskpd movmskps movntdq movntdqa movnti movntpd
  movntps movntq movntsd movntss movq movq2dq movsd movshdup movsldup movss movupd movups mpsadbw
  mulpd mulps mulsd mulss orpd orps pabsb pabsd pabsw packssdw packsswb packusdw packuswb paddb
  paddd paddq paddsb paddsw paddusb paddusw paddw palignr pand pandn pavgb pavgw pblendvb pblendw
  pclmulhqhqdq pclmulhqlqdq pclmullqhqdq pclmullqlqdq pclmulqdq pcmpeqb pcmpeqd pcmpeqq pcmpeqw
  pcmpestri pcmpestrm pcmpgtb pcmpgtd pcmpgtq pcmpgtw pcmpistri pcmpistrm pextrb pextrd pextrq
  pextrw phaddd phaddsw phaddw phminposuw phsubd phsubsw phsubw pinsrb pinsrd pinsrq pinsrw
  pmaddubsw pmaddwd pmaxsb pmaxsd pmaxsw pmaxub pmaxud pmaxuw pminsb pminsd pminsw pminub pminud
  pminuw pmovmskb pmovsxbd pmovsxbq pmovsxbw pmovsxdq pmovsxwd pmovsxwq pmovzxbd pmovzxbq pmovzxbw
  pmovzxdq pmovzxwd pmovzxwq pmuldq pmulhrsw pmulhuw pmulhw pmulld pmullw pmuludq por psadbw
  pshufb pshufd pshufhw pshuflw pshufw psignb psignd psignw pslld pslldq psllq psllw psrad psraw
  psrld psrldq psrlq psrlw psubb psubd psubq psubsb psubsw psubusb psubusw psubw ptest punpckhbw
  punpckhdq punpckhqdq punpckhwd punpcklbw punpckldq punpcklqdq punpcklwd pxor rcpps rcpss roundpd
  roundps roundsd roundss rsqrtps rsqrtss shufpd shufps sqrtpd sqrtps sqrtsd sqrtss stmxcsr subpd
  subps subsd subss ucomisd ucomiss unpckhpd unpckhps unpcklpd unpcklps xorpd xorps aesdec
  aesdeclast aesenc aesenclast aesimc aeskeygenassist sha1msg1 sha1msg2 sha1nexte sha1rnds4
  sha256msg1 sha256msg2 sha256rnds2 gf2p8affineinvqb gf2p8affineqb gf2p8mulb`);

/** AVX/AVX2/AVX-512 names without a legacy SSE twin. */
const AVX_ONLY = words(`
  vbroadcastf128 vbroadcastf32x2 vbroadcastf32x4 vbroadcastf32x8 vbroadcastf64x2 vbroadcastf64x4
  vbroadcasti128 vbroadcasti32x2 vbroadcasti32x4 vbroadcasti32x8 vbroadcasti64x2 vbroadcasti64x4
  vbroadcastsd vbroadcastss vcvtph2ps vcvtps2ph vextractf128 vextractf32x4 vextractf32x8
  vextractf64x2 vextractf64x4 vextracti128 vextracti32x4 vextracti32x8 vextracti64x2 vextracti64x4
  vgatherdpd vgatherdps vgatherqpd vgatherqps vinsertf128 vinsertf32x4 vinsertf32x8 vinsertf64x2
  vinsertf64x4 vinserti128 vinserti32x4 vinserti32x8 vinserti64x2 vinserti64x4 vmaskmovpd
  vmaskmovps vmovdqa32 vmovdqa64 vmovdqu16 vmovdqu32 vmovdqu64 vmovdqu8 vpblendd vpblendmb
  vpblendmd vpblendmq vpblendmw vpbroadcastb vpbroadcastd vpbroadcastq vpbroadcastw vpcompressd
  vpcompressq vpermb vpermd vperm2f128 vperm2i128 vpermi2b vpermi2d vpermi2pd vpermi2ps vpermi2q
  vpermi2w vpermilpd vpermilps vpermpd vpermps vpermq vpermt2b vpermt2d vpermt2pd vpermt2ps
  vpermt2q vpermt2w vpermw vpexpandd vpexpandq vpgatherdd vpgatherdq vpgatherqd vpgatherqq
  vpmaskmovd vpmaskmovq vprold vprolq vprolvd vprolvq vprord vprorq vprorvd vprorvq vpsllvd
  vpsllvq vpsllvw vpsravd vpsravq vpsravw vpsrlvd vpsrlvq vpsrlvw vpternlogd vpternlogq vptestmb
  vptestmd vptestmq vptestmw vptestnmb vptestnmd vptestnmq vptestnmw vtestpd vtestps vzeroall
  vzeroupper vaesdec vaesdeclast vaesenc vaesenclast vpclmulqdq valignd valignq vpmadd52huq
  vpmadd52luq vpandd vpandq vpandnd vpandnq vpord vporq vpxord vpxorq vpsraq vpabsq vpmaxsq
  vpmaxuq vpminsq vpminuq vpmullq vpmovqd vpmovdb vpmovdw vpmovqb vpmovqw vpmovwb vpshldd vpshldq
  vpshldw vpshrdd vpshrdq vpshrdw vpshldvd vpshldvq vpshldvw vpshrdvd vpshrdvq vpshrdvw
  vpdpbusd vpdpbusds vpdpwssd vpdpwssds vpmultishiftqb vpopcntb vpopcntd vpopcntq vpopcntw
  vpcompressb vpcompressw vpexpandb vpexpandw vpbroadcastmb2q vpbroadcastmw2d vpconflictd
  vpconflictq vplzcntd vplzcntq vpscatterdd vpscatterdq vpscatterqd vpscatterqq vscatterdpd
  vscatterdps vscatterqpd vscatterqps vshuff32x4 vshuff64x2 vshufi32x4 vshufi64x2 vpermilps
  vrcp14pd vrcp14ps vrcp14sd vrcp14ss vrsqrt14pd vrsqrt14ps vrsqrt14sd vrsqrt14ss vgf2p8affineqb
  vgf2p8affineinvqb vgf2p8mulb vsha512msg1 vsha512msg2 vsha512rnds2 vsm3msg1 vsm3msg2 vsm3rnds2
  vsm4key4 vsm4rnds4`);

const FMA = /^vf(n?m(?:add|sub)|maddsub|msubadd)(132|213|231)[ps][sd]$/;
const MASK_REGISTER_OPS =
  /^k(add|and|andn|mov|not|or|ortest|shiftl|shiftr|test|unpck(bw|wd|dq)|xnor|xor)[bwdq]?$/;
const CMOV_SET =
  /^(cmov|set)(a|ae|b|be|c|e|g|ge|l|le|na|nae|nb|nbe|nc|ne|ng|nge|nl|nle|no|np|ns|nz|o|p|pe|po|s|z)$/;
/** AVX-512 integer compares: vpcmp{,u}{b,w,d,q} and their predicate forms (vpcmpltud …). */
const AVX512_INT_COMPARE = /^vpcmp(eq|lt|le|neq|nlt|nle|gt|ge|false|true)?u?[bwdq]$/;
const SSE_COMPARE =
  /^v?cmp(eq|lt|le|unord|neq|nlt|nle|ord|eq_uq|nge|ngt|false|neq_oq|ge|gt|true|eq_os|lt_oq|le_oq|unord_s|neq_us|nlt_uq|nle_uq|ord_s|eq_us|nge_uq|ngt_uq|false_os|neq_os|ge_oq|gt_oq|true_us)(ps|pd|ss|sd)$/;

const FIXED: ReadonlySet<string> = new Set([
  ...GENERAL,
  ...X87,
  ...SIMD,
  ...SIMD.map((m) => `v${m}`),
  ...AVX_ONLY,
  ...JCC_MNEMONICS,
]);

/** Whether a lower-case word is an x86 machine instruction NASM knows. */
export function isX86Mnemonic(lower: string): boolean {
  const c = classifyWord(lower);
  return c === 'instruction' || c === 'jcc' || c === 'call' || c === 'jmp' || lower === 'wait';
}

/**
 * What a lower-case word at the start of a statement is. `wait` (both a prefix and an
 * instruction) counts as a prefix; the scanner falls back to the instruction when nothing follows.
 */
export type WordClass =
  | 'prefix'
  | 'directive'
  | 'data'
  | 'instruction'
  | 'jcc'
  | 'call'
  | 'jmp'
  | 'times'
  | 'equ';

const WORD_CLASS = new Map<string, WordClass | null>();
for (const w of FIXED) WORD_CLASS.set(w, 'instruction');
for (const w of JCC_MNEMONICS) WORD_CLASS.set(w, 'jcc');
WORD_CLASS.set('call', 'call');
WORD_CLASS.set('jmp', 'jmp');
for (const w of DATA_MNEMONICS) WORD_CLASS.set(w, 'data');
for (const w of ASSEMBLER_DIRECTIVES) WORD_CLASS.set(w, 'directive');
for (const w of INSTRUCTION_PREFIXES) WORD_CLASS.set(w, 'prefix');
WORD_CLASS.set('times', 'times');
WORD_CLASS.set('equ', 'equ');
/** Words learnt at run time (family patterns, symbols): bounded so a long session cannot grow it forever. */
const LEARNT_LIMIT = 200_000;

export function classifyWord(lower: string): WordClass | undefined {
  const known = WORD_CLASS.get(lower);
  if (known !== undefined) return known ?? undefined;
  const c: WordClass | null =
    CMOV_SET.test(lower) ||
    FMA.test(lower) ||
    MASK_REGISTER_OPS.test(lower) ||
    AVX512_INT_COMPARE.test(lower) ||
    SSE_COMPARE.test(lower)
      ? 'instruction'
      : null;
  if (WORD_CLASS.size < LEARNT_LIMIT) WORD_CLASS.set(lower, c);
  return c ?? undefined;
}
