/**
 * The plain consistent-hash ring: {@link io.quorumbench.baseline.ring.KetamaRing}, a
 * {@code TreeMap} of MD5 ketama points, written as most Java code writes it. It is the baseline the
 * tuned rings are measured against and the oracle {@code ArrayRing.ketamaMd5()} is checked against.
 */
package io.quorumbench.baseline.ring;
