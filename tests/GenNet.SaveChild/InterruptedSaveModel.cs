using GenNet;

namespace GenNet.SaveChild;

/// <summary>The model both the child and the test build: about 0.8 MB of weights, so a save has a long middle.</summary>
[Sequential(784)]
[Dense(256, Activation = Act.Relu)]
[Dense(10, Activation = Act.Softmax)]
public partial class InterruptedSaveModel { }
