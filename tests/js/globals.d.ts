// What the handbook's plain scripts share through window (their one namespace, HB, and the
// build's data files handbook-data.js and handbook-all.js).
interface HandbookNamespace {
  engine?: any;
  crosscheck?: any;
  record?: any;
  incidentFile?: any;
  store?: any;
  ui?: any;
  countdown?: any;
  [part: string]: any;
}

interface Window {
  HB: HandbookNamespace;
  HB_DATA: any;
  HB_ALL: any;
}

declare var HB: HandbookNamespace;
