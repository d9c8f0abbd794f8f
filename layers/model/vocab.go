package model

// Attribute names shared by every reader and by normalization, so that the
// same property read from different sources lands under one name. Numbers are
// in SI base units (metre, ohm, farad, volt...).
const (
	AttrValue         = "value"          // text: the raw value field of an EDA BOM line ("4k7", "100n")
	AttrFootprint     = "footprint"      // text: the EDA footprint ("Resistor_SMD:R_0603_1608Metric")
	AttrPackage       = "package"        // enum: normalized package code ("0603", "SOT-23", "TO-220")
	AttrResistance    = "resistance"     // number, Ω
	AttrImpedance     = "impedance"      // number, Ω: impedance at a frequency (ferrite beads)
	AttrCapacitance   = "capacitance"    // number, F
	AttrInductance    = "inductance"     // number, H
	AttrVoltage       = "voltage"        // number, V: rated voltage
	AttrCurrent       = "current"        // number, A: rated current
	AttrPower         = "power"          // number, W: rated power
	AttrFrequency     = "frequency"      // number, Hz
	AttrTolerance     = "tolerance"      // number, %
	AttrDielectric    = "dielectric"     // enum: "X7R", "C0G", "X5R", "Y5V"...
	AttrThread        = "thread"         // enum: thread designation ("M3")
	AttrDiameter      = "diameter"       // number, m: nominal diameter
	AttrLength        = "length"         // number, m
	AttrWidth         = "width"          // number, m
	AttrHeight        = "height"         // number, m
	AttrThickness     = "thickness"      // number, m
	AttrStandard      = "standard"       // enum: canonical standard ("ISO 4762"), equivalents folded
	AttrHead          = "head"           // enum: fastener head/drive ("socket head cap", "button", "countersunk")
	AttrFrameSize     = "frame_size"     // enum: motor frame ("NEMA17")
	AttrBore          = "bore"           // number, m: bearing bore
	AttrOuterDiameter = "outer_diameter" // number, m
	AttrSeal          = "seal"           // enum: bearing seal ("2RS", "ZZ")
	AttrDesignation   = "designation"    // enum: catalogue designation ("608", "MGN12H", "GT2")
	AttrMaterial      = "material"       // enum or text
	AttrProcurement   = "procurement"    // enum: "buy" (vitamin, purchased) or "make" (printed, routed, machined)
	AttrProcess       = "process"        // enum: how a made part is made ("3d printing", "cnc routing")
	AttrLibPart       = "lib_part"       // text: the EDA symbol ("device:R")
	AttrKeywords      = "keywords"       // text
	AttrUnits         = "units"          // text: unit of issue when not pieces ("m", "kg")
)

// Class paths used by normalization when a source gives no class of its own.
const (
	ClassResistors  ClassPath = "Electronics/Passives/Resistors"
	ClassCapacitors ClassPath = "Electronics/Passives/Capacitors"
	ClassInductors  ClassPath = "Electronics/Passives/Inductors"
	ClassScrews     ClassPath = "Mechanical/Fasteners/Screws"
	ClassNuts       ClassPath = "Mechanical/Fasteners/Nuts"
	ClassWashers    ClassPath = "Mechanical/Fasteners/Washers"
	ClassInserts    ClassPath = "Mechanical/Fasteners/Inserts"
	ClassBearings   ClassPath = "Mechanical/Bearings"
	ClassStepper    ClassPath = "Electromechanical/Motors/Stepper motors"
	ClassPrinted    ClassPath = "Made/Printed parts"
	ClassRouted     ClassPath = "Made/Routed parts"
)

// attrUnits are the SI units of the shared numeric attributes.
var attrUnits = map[string]string{
	AttrResistance: "Ω", AttrImpedance: "Ω", AttrCapacitance: "F", AttrInductance: "H", AttrVoltage: "V",
	AttrCurrent: "A", AttrPower: "W", AttrFrequency: "Hz", AttrTolerance: "%",
	AttrDiameter: "m", AttrLength: "m", AttrWidth: "m", AttrHeight: "m", AttrThickness: "m",
	AttrBore: "m", AttrOuterDiameter: "m",
}

// UnitOf returns the SI unit of a shared numeric attribute, or "" for an
// attribute that is not one (or is a plain count).
func UnitOf(attr string) string { return attrUnits[attr] }
