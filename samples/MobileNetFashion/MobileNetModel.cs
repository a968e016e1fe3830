using GenNet;

namespace Tutorials.MobileNetFashion;

/// <summary>
/// A small MobileNet (Howard et al. 2017, "MobileNets"): a strided 3×3 convolution, then depthwise-separable blocks,
/// each a 3×3 depthwise convolution and a 1×1 pointwise convolution, both followed by BatchNormalization and ReLU6;
/// global average pooling and a softmax classifier. The convolutions before a BatchNormalization have no bias (its beta
/// is the bias), as in Keras' MobileNet. 28×28 → 14×14 (stem) → 14×14 → 7×7 (second block's stride) → 7×7.
/// </summary>
[Sequential(28, 28, 1)]
[Rescaling(1.0 / 255)]
[Conv2D(16, 3, Strides = 2, Padding = "same", UseBias = false)]
[BatchNormalization]
[ReLU(MaxValue = 6)]
// block 1: 14×14×16 → 14×14×32
[DepthwiseConv2D(3, Padding = "same", UseBias = false)]
[BatchNormalization]
[ReLU(MaxValue = 6)]
[Conv2D(32, 1, UseBias = false)]
[BatchNormalization]
[ReLU(MaxValue = 6)]
// block 2: 14×14×32 → 7×7×64
[DepthwiseConv2D(3, Strides = 2, Padding = "same", UseBias = false)]
[BatchNormalization]
[ReLU(MaxValue = 6)]
[Conv2D(64, 1, UseBias = false)]
[BatchNormalization]
[ReLU(MaxValue = 6)]
// block 3: 7×7×64 → 7×7×128
[DepthwiseConv2D(3, Padding = "same", UseBias = false)]
[BatchNormalization]
[ReLU(MaxValue = 6)]
[Conv2D(128, 1, UseBias = false)]
[BatchNormalization]
[ReLU(MaxValue = 6)]
[GlobalAveragePooling2D]
[Dense(10, Activation = Act.Softmax)]
public partial class MobileNetModel { }
