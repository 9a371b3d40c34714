package app

// FillDemoRisk exposes the risk demo to the app_test package until FillDemo calls it.
var FillDemoRisk = fillDemoRisk
