/** Wire types of studies: re-testing losses over tasks, seeds and budgets against cross-entropy. */
package io.lossforge.api.study;
