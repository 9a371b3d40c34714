package app

// FillDemoRegisters exposes the register demo to the app_test package until FillDemo
// calls it.
var FillDemoRegisters = fillDemoRegisters
