using System;

namespace SegGen.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Weight initialisation (<c>torch.nn.init</c>), in place and without recording gradients.</summary>
        public static class init
        {
            public enum FanMode { FanIn, FanOut }

            public enum NonlinearityType { Linear, Conv2d, Sigmoid, Tanh, ReLU, LeakyReLU }

            public static double calculate_gain(NonlinearityType nonlinearity, double param = 0.01) => nonlinearity switch
            {
                NonlinearityType.Tanh => 5.0 / 3,
                NonlinearityType.ReLU => Math.Sqrt(2.0),
                // Written as PyTorch computes it so that initial weights match bit for bit.
                NonlinearityType.LeakyReLU => Math.Sqrt(2.0 / (1 + Math.Pow(param, 2))),
                _ => 1.0,
            };

            /// <summary>(fan_in, fan_out) as PyTorch derives them from a weight's shape: dims 1 and 0 times the receptive field.</summary>
            public static (long fan_in, long fan_out) calculate_fan_in_and_fan_out(Tensor tensor)
            {
                var shape = tensor.shape;
                if (shape.Length < 2) throw new TorchException("fan in and fan out cannot be computed for a tensor with fewer than 2 dimensions");
                long receptive = 1;
                for (var i = 2; i < shape.Length; i++) receptive *= shape[i];
                return (shape[1] * receptive, shape[0] * receptive);
            }

            public static Tensor kaiming_uniform_(Tensor tensor, double a = 0, FanMode mode = FanMode.FanIn,
                NonlinearityType nonlinearity = NonlinearityType.LeakyReLU)
            {
                var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
                var std = calculate_gain(nonlinearity, a) / Math.Sqrt(mode == FanMode.FanIn ? fanIn : fanOut);
                var bound = Math.Sqrt(3.0) * std;
                return uniform_(tensor, -bound, bound);
            }

            public static Tensor uniform_(Tensor tensor, double low = 0, double high = 1)
            {
                using var _ = no_grad();
                return tensor.uniform_(low, high);
            }

            public static Tensor normal_(Tensor tensor, double mean = 0, double std = 1)
            {
                using var _ = no_grad();
                return tensor.normal_(mean, std);
            }

            public static Tensor constant_(Tensor tensor, Scalar value)
            {
                using var _ = no_grad();
                return tensor.fill_(value);
            }

            public static Tensor zeros_(Tensor tensor) => constant_(tensor, 0);

            /// <summary>
            /// A transposed-convolution weight [C, C, k, k] that upsamples each channel bilinearly and mixes
            /// none (FCN's initialisation: the bilinear kernel on the diagonal, zeros elsewhere).
            /// </summary>
            public static Tensor bilinear_(Tensor weight)
            {
                var shape = weight.shape;
                if (shape.Length != 4 || shape[2] != shape[3])
                {
                    throw new TorchException($"bilinear_ expects a square kernel [in, out, k, k], got [{string.Join(", ", shape)}]");
                }
                var k = shape[2];
                var factor = (k + 1) / 2;
                var center = k % 2 == 1 ? factor - 1 : factor - 0.5;
                var kernel = new float[k * k];
                for (var i = 0; i < k; i++)
                {
                    for (var j = 0; j < k; j++) kernel[i * k + j] = (float)((1 - Math.Abs(i - center) / factor) * (1 - Math.Abs(j - center) / factor));
                }
                using var _ = no_grad();
                using var filter = tensor(kernel, [k, k]);
                weight.zero_();
                for (long c = 0; c < Math.Min(shape[0], shape[1]); c++)
                {
                    using var slot = weight.select(0, c);
                    using var target = slot.select(0, c);
                    target.copy_(filter);
                }
                return weight;
            }

            public static Tensor ones_(Tensor tensor) => constant_(tensor, 1);
        }
    }
}
